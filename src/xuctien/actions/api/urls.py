from rest_framework.routers import DefaultRouter

from xuctien.actions.api import views

router = DefaultRouter()
router.register("tasks", views.TaskViewSet, basename="action-task")
router.register("progress-reports", views.ProgressReportViewSet, basename="progress-report")

urlpatterns = router.urls
