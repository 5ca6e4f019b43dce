"""Investment news (Tin tức đầu tư): the list with tag filters, an article, its images."""

from typing import Any

from django.db.models import QuerySet
from django.views.generic import DetailView, ListView

from xuctien.core.models import Zone
from xuctien.investments.models import PriorityGroup, Sector
from xuctien.portal.models import Article, ArticleStatus
from xuctien.portal.views.provinces import ProvincePortal


def published_articles(user: Any) -> QuerySet:
    """Articles the public reads (editors reach drafts through their own pages)."""
    return (
        Article.objects.restrict(user, "view")
        .filter(status=ArticleStatus.PUBLISHED)
        .prefetch_related("translations")
    )


#: The tag filters the list understands: query parameter -> (lookup, model, key field).
TAGS = {
    "sector": ("sectors__code", Sector, "code"),
    "group": ("priority_groups__code", PriorityGroup, "code"),
    "zone": ("zones__code", Zone, "code"),
}


class ArticleListView(ProvincePortal, ListView):
    """Published articles, newest first, narrowed by sector, priority group or zone."""

    template_name = "portal/article_list.html"
    context_object_name = "articles"
    paginate_by = 10

    def get_queryset(self) -> QuerySet:
        articles = published_articles(self.request.user).filter(province=self.province)
        self.active_tags = []
        for param, (lookup, model, field) in TAGS.items():
            value = self.request.GET.get(param, "").strip()
            if value:
                articles = articles.filter(**{lookup: value})
                tag = model.objects.filter(**{field: value}).first()
                self.active_tags.append((param, tag or value))
        return articles.distinct().order_by("-date", "-id")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(active_tags=self.active_tags, **kwargs)


class ArticleDetailView(ProvincePortal, DetailView):
    """One article with its tags and the zones, projects and programmes it links."""

    template_name = "portal/article_detail.html"
    context_object_name = "article"

    def get_queryset(self) -> QuerySet:
        articles = Article.objects.restrict(self.request.user, "view")
        articles = articles.filter(province=self.province)
        return articles.prefetch_related(
            "translations", "sectors", "priority_groups", "zones", "programmes", "projects"
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        # Links to projects stay public-only even if one lost its IRC after linking.
        projects = [p for p in self.object.projects.all() if p.is_public]
        return super().get_context_data(public_projects=projects, **kwargs)
