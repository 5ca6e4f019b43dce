"""Long texts are read one record at a time: list responses leave them out.

A 5 MB project note once made every page of the project list 7.7 MB. A viewset names a
``list_serializer_class`` (made by ``without``) and its list answers, and the schema of its
list, carry every field but the long ones.
"""

from typing import Any

from rest_framework import serializers


def without(serializer: type[serializers.ModelSerializer], *omitted: str) -> type:
    """``serializer`` less the ``omitted`` fields, named ``<Name>ListItem`` in the schema."""
    fields = [name for name in serializer.Meta.fields if name not in omitted]
    meta = type("Meta", (serializer.Meta,), {"fields": fields})
    name = serializer.__name__.removesuffix("Serializer") + "ListItemSerializer"
    doc = f"{serializer.__doc__ or ''} In lists, without: {', '.join(omitted)}.".strip()
    return type(name, (serializer,), {"Meta": meta, "__doc__": doc, "__module__": __name__})


class ListSerializerMixin:
    """The ``list`` action answers with ``list_serializer_class``."""

    list_serializer_class: type | None = None

    def get_serializer_class(self) -> Any:
        if getattr(self, "action", None) == "list" and self.list_serializer_class:
            return self.list_serializer_class
        return super().get_serializer_class()  # type: ignore[misc]
