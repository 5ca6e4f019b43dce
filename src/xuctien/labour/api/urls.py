from rest_framework.routers import DefaultRouter

from xuctien.labour.api import views

router = DefaultRouter()
router.register("labour/demand", views.DemandViewSet, basename="labour-demand")
router.register("labour/supply", views.SupplyViewSet, basename="labour-supply")
router.register("labour/gaps", views.GapViewSet, basename="labour-gap")

urlpatterns = router.urls
