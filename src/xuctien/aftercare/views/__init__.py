"""The aftercare pages."""

from xuctien.aftercare.views.office import (
    EscalationQueueView,
    PatternListView,
    ReformTaskView,
    RoutingRuleView,
    ScorecardView,
    WarningListView,
)
from xuctien.aftercare.views.requests import (
    AnswerView,
    CloseView,
    EnterpriseSearchView,
    RateView,
    ReassignView,
    ReopenView,
    RequestCreateView,
    RequestDetailView,
    RequestListView,
    RouteView,
    StartView,
)

__all__ = [
    "AnswerView",
    "CloseView",
    "EnterpriseSearchView",
    "EscalationQueueView",
    "PatternListView",
    "RateView",
    "ReassignView",
    "ReformTaskView",
    "ReopenView",
    "RequestCreateView",
    "RequestDetailView",
    "RequestListView",
    "RouteView",
    "RoutingRuleView",
    "ScorecardView",
    "StartView",
    "WarningListView",
]
