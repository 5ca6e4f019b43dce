"""Search as Vietnamese people type: without accents, in any case, on SQLite and PostgreSQL.

``fold`` turns a text into what is compared: lower case, accents stripped, "đ" read as "d"
("GIẢI PHÓNG" and "giai phong" both fold to "giai phong"). The ``fold`` transform does the
same inside the database, so ``name__fold__contains=fold(value)`` finds a record however
either side was typed, with no copy of the text to keep in step:

* SQLite has no such function; a deterministic Python one (``xt_fold``) is registered on
  every connection, and it is ``fold`` itself.
* PostgreSQL does what ``fold`` does: "đ" to "d", ``normalize`` to NFD, combining marks
  removed, ``lower`` (``fold_sql``). (It once mapped every accented letter with one
  ``translate`` of a 700-letter map, which cost ~0.1 ms per value: a search of 20,000
  investors took seconds.) The trigram indexes of the search (investments migration 0009)
  are built on this very expression, so a change here needs a migration rebuilding them.

``search_q`` builds the condition a search box needs: every word must appear in one of the
fields, so "honda vinh phuc" finds Honda's project in Vĩnh Phúc.
"""

import functools
import unicodedata

from django.db import models
from django.db.backends.signals import connection_created
from django.db.models import Q

SQLITE_FUNCTION = "xt_fold"


def fold(text: object) -> str:
    """``text`` lower case, without accents, "đ" as "d"; "" for None."""
    if text is None:
        return ""
    return _fold(str(text))


@functools.lru_cache(maxsize=8192)
def _fold(text: str) -> str:
    """``fold`` of a text, remembered: a search folds the names of every zone and sector
    (~1,000 for a national reader) to match its words in Python (``found_in``)."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.replace("đ", "d").replace("Đ", "D").lower()


#: The combining marks ``fold`` drops (those of Latin and general use).
_MARKS = "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"


def fold_sql(sql: str) -> str:
    """PostgreSQL's ``fold`` of the SQL expression ``sql`` (constants inline, so an index
    on it matches the queries)."""
    bare = f"REPLACE(REPLACE({sql}, 'đ', 'd'), 'Đ', 'D')"
    return f"LOWER(REGEXP_REPLACE(NORMALIZE({bare}, NFD), '{_MARKS}', '', 'g'))"


class Fold(models.Transform):
    """``field__fold``: the field's text as ``fold`` makes it, computed by the database."""

    lookup_name = "fold"
    output_field = models.TextField()

    def as_sql(self, compiler, connection):  # type: ignore[no-untyped-def]
        sql, params = compiler.compile(self.lhs)
        return fold_sql(sql), params

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
