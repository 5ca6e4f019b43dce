from rest_framework.routers import DefaultRouter

from xuctien.screening.api import views

router = DefaultRouter(trailing_slash="/?")
router.register("screening-criteria", views.CriteriaSetViewSet, basename="screening-criteria")
router.register("screenings", views.ScreeningViewSet, basename="screening")

urlpatterns = router.urls
