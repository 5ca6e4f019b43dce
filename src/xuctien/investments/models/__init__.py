"""The investment pipeline's records."""

from xuctien.investments.models.parties import Contact, Interaction, Investor, PromotionEvent
from xuctien.investments.models.projects import (
    AttractionTarget,
    CapitalEvent,
    Commitment,
    DatePrecision,
    Project,
    StageChange,
)
from xuctien.investments.models.reference import (
    Currency,
    ExchangeRate,
    PriorityGroup,
    RegistryDeclaration,
    Sector,
)
from xuctien.investments.models.routing import LeadRoute
from xuctien.investments.stages import Stage

__all__ = [
    "AttractionTarget",
    "CapitalEvent",
    "Commitment",
    "Contact",
    "Currency",
    "DatePrecision",
    "ExchangeRate",
    "Interaction",
    "Investor",
    "LeadRoute",
    "PriorityGroup",
    "Project",
    "PromotionEvent",
    "RegistryDeclaration",
    "Sector",
    "Stage",
    "StageChange",
]
