from rest_framework.routers import DefaultRouter

from xuctien.investments.api import views

router = DefaultRouter(trailing_slash="/?")
router.register("projects", views.ProjectViewSet, basename="project")
router.register("investors", views.InvestorViewSet, basename="investor")
router.register("interactions", views.InteractionViewSet, basename="interaction")

urlpatterns = router.urls
