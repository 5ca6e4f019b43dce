from rest_framework.routers import DefaultRouter

from xuctien.national.api import views

router = DefaultRouter(trailing_slash="/?")
router.register("provinces", views.ProvinceViewSet, basename="province")
router.register(
    "national/indicators", views.NationalIndicatorViewSet, basename="national-indicator"
)

urlpatterns = router.urls
