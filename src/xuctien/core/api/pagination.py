"""The API's one pagination: limit and offset, with a ceiling on the limit."""

from rest_framework.pagination import LimitOffsetPagination


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """``?limit=`` above ``max_limit`` is read as ``max_limit``; a whole table is never one page.

    A limit far past any integer (``?limit=99999999999999999999``) once reached the database
    as ``bigint out of range``; the cutoff keeps it at the ceiling.
    """

    default_limit = 100
    max_limit = 500
