from rest_framework.routers import DefaultRouter

from xuctien.sites.api import views

router = DefaultRouter(trailing_slash="/?")
router.register("zones", views.ZoneViewSet, basename="api-zone")
router.register("sites/match", views.MatchViewSet, basename="site-match")

urlpatterns = router.urls
