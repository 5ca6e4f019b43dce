"""Finding an enterprise (or its project) by what a person types, not in a list of thousands.

A nation has tens of thousands of investors: the secretariat's forms and the request filter
take a name or a tax code as text, matched here on the server (it works without
JavaScript); with htmx the field suggests the first matches as the person types
(``views.requests.EnterpriseSearchView``). A suggestion reads "Name (tax code)", which
``resolve`` reads back exactly.
"""

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

#: Suggestions shown as the person types.
SUGGESTIONS = 20
#: "Name (code)": the form of a suggestion.
_WITH_CODE = re.compile(r"^(?P<name>.*?)\s*\((?P<code>[^()]+)\)\s*$")


def label(investor: Any) -> str:
    """How a suggestion shows an enterprise, and what ``resolve`` reads back."""
    return f"{investor.name} ({investor.tax_code})" if investor.tax_code else investor.name


def text_q(text: str, prefix: str = "") -> Q:
    """Enterprises whose name contains ``text`` or whose tax code is ``text`` (a suggestion
    "Name (code)": that tax code)."""
    text = text.strip()
    found = _WITH_CODE.match(text)
    if found:
        return Q(**{f"{prefix}tax_code__iexact": found["code"].strip()})
    return Q(**{f"{prefix}name__icontains": text}) | Q(**{f"{prefix}tax_code__iexact": text})


def suggestions(queryset: QuerySet, text: str) -> list[Any]:
    """The first enterprises of ``queryset`` matching ``text``, by name."""
    if len(text.strip()) < 2:
        return []
    return list(queryset.filter(text_q(text)).order_by("name", "pk")[:SUGGESTIONS])


def resolve(queryset: QuerySet, text: str) -> Any:
    """The one enterprise of ``queryset`` that ``text`` names: its tax code, its exact name,
    or the only name containing it; a clear error when none or several match."""
    text = text.strip()
    found = _WITH_CODE.match(text)
    if found:
        exact = queryset.filter(tax_code__iexact=found["code"].strip())
    else:
        exact = queryset.filter(Q(tax_code__iexact=text) | Q(name__iexact=text))
    candidates = list(exact[:2]) or list(queryset.filter(name__icontains=text)[:6])
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise ValidationError(
            _("No enterprise is called “%(text)s” or has this tax code.") % {"text": text},
            code="not_found",
        )
    names = "; ".join(label(c) for c in candidates[:5])
    raise ValidationError(
        _("Several enterprises match “%(text)s” (%(names)s): type the tax code or the full name.")
        % {"text": text, "names": names},
        code="ambiguous",
    )


def resolve_project(queryset: QuerySet, text: str) -> Any:
    """The one project of ``queryset`` that ``text`` names: its IRC number, its exact name,
    or the only name containing it."""
    text = text.strip()
    exact = queryset.filter(Q(irc_number__iexact=text) | Q(name__iexact=text))
    candidates = list(exact[:2]) or list(queryset.filter(name__icontains=text)[:6])
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise ValidationError(
            _("The enterprise has no project called “%(text)s” or with this IRC number.")
            % {"text": text},
            code="not_found",
        )
    names = "; ".join(c.name for c in candidates[:5])
    raise ValidationError(
        _("Several projects match “%(text)s” (%(names)s): type the IRC number or the full name.")
        % {"text": text, "names": names},
        code="ambiguous",
    )
