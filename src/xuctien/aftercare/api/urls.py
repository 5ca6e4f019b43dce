from rest_framework.routers import DefaultRouter

from xuctien.aftercare.api import views

router = DefaultRouter()
router.register("aftercare/requests", views.RequestViewSet, basename="aftercare-request")

urlpatterns = router.urls
