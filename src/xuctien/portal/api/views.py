"""The portal API: read-only; an investor's projects are scoped to its own companies."""

from django.db.models import QuerySet
from rest_framework import permissions, viewsets

from xuctien.portal import membership
from xuctien.portal.api.serializers import (
    ArticleSerializer,
    MyProjectSerializer,
    OpportunitySerializer,
)
from xuctien.portal.models import Article, ArticleStatus, InvestmentOpportunity


class ArticleViewSet(viewsets.ReadOnlyModelViewSet):
    """Published investment news, newest first."""

    queryset = Article.objects.all()
    serializer_class = ArticleSerializer
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet:
        articles = Article.objects.restrict(self.request.user, "view")
        return (
            articles.filter(status=ArticleStatus.PUBLISHED)
            .prefetch_related("translations", "zones", "sectors")
            .order_by("-date", "-id")
        )


class OpportunityViewSet(viewsets.ReadOnlyModelViewSet):
    """Projects calling for investment."""

    queryset = InvestmentOpportunity.objects.all()
    serializer_class = OpportunitySerializer
    lookup_field = "code"

    def get_queryset(self) -> QuerySet:
        return (
            InvestmentOpportunity.objects.restrict(self.request.user, "view")
            .select_related("zone")
            .prefetch_related("translations")
        )


class MyProjectViewSet(viewsets.ReadOnlyModelViewSet):
    """The signed-in investor's own projects; any other id is a 404."""

    serializer_class = MyProjectSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> QuerySet:
        return membership.projects_for(self.request.user).select_related("zone", "sector")
