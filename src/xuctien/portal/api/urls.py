from rest_framework.routers import DefaultRouter

from xuctien.portal.api import views

router = DefaultRouter(trailing_slash="/?")
router.register("portal/articles", views.ArticleViewSet, basename="portal-article")
router.register("portal/opportunities", views.OpportunityViewSet, basename="portal-opportunity")
router.register("portal/my-projects", views.MyProjectViewSet, basename="portal-my-project")

urlpatterns = router.urls
