from rest_framework.routers import DefaultRouter

from xuctien.programmes.api import views

router = DefaultRouter()
# Every address works with or without its trailing slash
# (/api/v1/indicators/<code>/assessments as well as .../assessments/).
router.trailing_slash = "/?"
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("observations", views.ObservationViewSet, basename="observation")

urlpatterns = router.urls
