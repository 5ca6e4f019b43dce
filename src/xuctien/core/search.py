"""Search as Vietnamese people type: without accents, in any case, on SQLite and PostgreSQL.

``fold`` turns a text into what is compared: lower case, accents stripped, "đ" read as "d"
("GIẢI PHÓNG" and "giai phong" both fold to "giai phong"). The ``fold`` transform does the
same inside the database, so ``name__fold__contains=fold(value)`` finds a record however
either side was typed, with no copy of the text to keep in step:

* SQLite has no such function; a deterministic Python one (``xt_fold``) is registered on
  every connection, and it is ``fold`` itself.
* PostgreSQL maps every accented Latin letter to its base with ``translate`` (the map is
  built from ``fold``, so both databases agree), drops combining marks, then ``lower``.

``search_q`` builds the condition a search box needs: every word must appear in one of the
fields, so "honda vinh phuc" finds Honda's project in Vĩnh Phúc.
"""

import unicodedata
from functools import cache

from django.db import models
from django.db.backends.signals import connection_created
from django.db.models import Q

SQLITE_FUNCTION = "xt_fold"
_LETTERS = [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]
_COMBINING = "".join(chr(c) for c in range(0x300, 0x370))


def fold(text: object) -> str:
    """``text`` lower case, without accents, "đ" as "d"; "" for None."""
    if text is None:
        return ""
    decomposed = unicodedata.normalize("NFD", str(text))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.replace("đ", "d").replace("Đ", "D").lower()


@cache
def translation() -> tuple[str, str]:
    """(from, to) for PostgreSQL's ``translate``: each accented letter and its folded base.

    Combining marks come last in ``from`` with no counterpart, so ``translate`` drops them.
    """
    sources, targets = [], []
    for code in _LETTERS:
        char = chr(code)
        base = fold(char)
        if len(base) == 1 and base.isascii() and base.isalpha() and base != char.lower():
            sources.append(char)
            targets.append(base)
    return "".join(sources) + _COMBINING, "".join(targets)


class Fold(models.Transform):
    """``field__fold``: the field's text as ``fold`` makes it, computed by the database."""

    lookup_name = "fold"
    output_field = models.TextField()

    def as_sql(self, compiler, connection):  # type: ignore[no-untyped-def]
        sql, params = compiler.compile(self.lhs)
        source, target = translation()
        return f"LOWER(TRANSLATE({sql}, %s, %s))", [*params, source, target]

    def as_sqlite(self, compiler, connection):  # type: ignore[no-untyped-def]
        sql, params = compiler.compile(self.lhs)
        return f"{SQLITE_FUNCTION}({sql})", params


def search_q(value: str, fields: tuple[str, ...] | list[str]) -> Q:
    """Every word of ``value`` found, accent- and case-blind, in one of ``fields``."""
    condition = Q()
    for word in fold(value).split():
        anywhere = Q()
        for field in fields:
            anywhere |= Q(**{f"{field}__fold__contains": word})
        condition &= anywhere
    return condition


def _register_sqlite_function(sender, connection, **kwargs) -> None:  # type: ignore[no-untyped-def]
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1, fold, deterministic=True)


def install() -> None:
    """Make ``__fold`` available on text fields and teach SQLite the function (app ready)."""
    models.CharField.register_lookup(Fold)
    models.TextField.register_lookup(Fold)
    connection_created.connect(_register_sqlite_function, dispatch_uid="xuctien-fold")
