"""The investor portal's records: memberships, content, news and protection."""

from xuctien.portal.models.accounts import Invitation, MemberRole, Membership
from xuctien.portal.models.content import (
    InvestmentOpportunity,
    OpportunityStatus,
    OpportunityTranslation,
    Page,
    PageSlot,
    PageTranslation,
)
from xuctien.portal.models.news import Article, ArticleImage, ArticleStatus, ArticleTranslation
from xuctien.portal.models.protection import Inquiry, RateLimitHit

__all__ = [
    "Article",
    "ArticleImage",
    "ArticleStatus",
    "ArticleTranslation",
    "Inquiry",
    "InvestmentOpportunity",
    "Invitation",
    "MemberRole",
    "Membership",
    "OpportunityStatus",
    "OpportunityTranslation",
    "Page",
    "PageSlot",
    "PageTranslation",
    "RateLimitHit",
]
