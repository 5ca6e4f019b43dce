"""Enterprises' requests, their assignments to agencies, timeline, ratings and routing."""

from xuctien.aftercare.models.requests import (
    Assignment,
    Category,
    Channel,
    Escalation,
    Rating,
    Request,
    RequestAttachment,
    RequestEvent,
    Status,
)
from xuctien.aftercare.models.routing import RoutingRule

__all__ = [
    "Assignment",
    "Category",
    "Channel",
    "Escalation",
    "Rating",
    "Request",
    "RequestAttachment",
    "RequestEvent",
    "RoutingRule",
    "Status",
]
