from django.urls import path

from xuctien.aftercare import views
from xuctien.core import files

app_name = "aftercare"

urlpatterns = [
    path("", views.RequestListView.as_view(), name="request-list"),
    path("requests/new/", views.RequestCreateView.as_view(), name="request-add"),
    path("enterprises/", views.EnterpriseSearchView.as_view(), name="enterprise-search"),
    path("requests/<int:pk>/", views.RequestDetailView.as_view(), name="request-detail"),
    path("requests/<int:pk>/route/", views.RouteView.as_view(), name="request-route"),
    path("requests/<int:pk>/close/", views.CloseView.as_view(), name="request-close"),
    path("requests/<int:pk>/reopen/", views.ReopenView.as_view(), name="request-reopen"),
    path("requests/<int:pk>/rate/", views.RateView.as_view(), name="request-rate"),
    path("assignments/<int:pk>/start/", views.StartView.as_view(), name="assignment-start"),
    path("assignments/<int:pk>/answer/", views.AnswerView.as_view(), name="assignment-answer"),
    path(
        "assignments/<int:pk>/reassign/", views.ReassignView.as_view(), name="assignment-reassign"
    ),
    # Served by the one access-checked file view (xuctien.core.files).
    path(
        "attachments/<int:pk>/",
        files.download,
        {"kind": "aftercare-request"},
        name="attachment",
    ),
    path("routing/", views.RoutingRuleView.as_view(), name="routing"),
    path("escalations/", views.EscalationQueueView.as_view(), name="escalations"),
    path("patterns/", views.PatternListView.as_view(), name="patterns"),
    path("patterns/task/", views.ReformTaskView.as_view(), name="pattern-task"),
    path("warnings/", views.WarningListView.as_view(), name="warnings"),
    path("scorecard/", views.ScorecardView.as_view(), name="scorecard"),
]
