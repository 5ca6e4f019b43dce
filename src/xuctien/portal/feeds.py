"""RSS and Atom feeds of the published investment news, in the reader's language."""

from typing import Any

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from xuctien.core.models import Province
from xuctien.portal.models import Article
from xuctien.portal.views.news import published_articles

FEED_SIZE = 30


class NewsFeed(Feed):
    """RSS 2.0: the province's latest published articles, newest first; its title names the
    province as its data names it."""

    description = _("News from the Investment Promotion Centre.")

    def get_object(self, request: Any, province: str = "") -> Province:
        return get_object_or_404(Province, slug=province)

    def title(self, obj: Province) -> str:
        return _("Investment news – %(province)s") % {"province": obj.name}

    def link(self, obj: Province) -> str:
        return reverse("portal:article-list", args=[obj.slug])

    def items(self, obj: Province) -> list[Article]:
        articles = published_articles(None).filter(province=obj).select_related("province")
        return list(articles.order_by("-date", "-id")[:FEED_SIZE])

    def item_title(self, item: Article) -> str:
        return item.translated("title")

    def item_description(self, item: Article) -> str:
        return item.translated("summary") or item.translated("body")

    def item_link(self, item: Article) -> str:
        return reverse("portal:article-detail", args=[item.province.slug, item.slug])

    def item_pubdate(self, item: Article) -> Any:
        return item.published_at or timezone.make_aware(
            timezone.datetime.combine(item.date, timezone.datetime.min.time())
        )

    def item_updateddate(self, item: Article) -> Any:
        return item.updated_at

    def item_categories(self, item: Article) -> list[str]:
        return [str(group) for group in item.priority_groups.all()] + [
            str(zone) for zone in item.zones.all()
        ]


class NewsAtomFeed(NewsFeed):
    """The same feed as Atom 1.0."""

    feed_type = Atom1Feed
    subtitle = NewsFeed.description
