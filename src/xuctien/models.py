"""The abstract base of every business record: timestamps, history and versioning.

History is always on. Every save writes who changed what (before and after) to
``core.ChangeRecord``; a save from a stale copy raises ``StaleObjectError`` instead of
overwriting a newer version, so concurrent edits never silently lose data.
"""

from typing import Any, ClassVar

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from xuctien import history


class StaleObjectError(Exception):
    """Somebody saved this record after our copy was read."""

    def __init__(self, instance: models.Model) -> None:
        self.instance = instance
        super().__init__(f"{type(instance).__name__} {instance.pk} was changed by someone else")


class RestrictedQuerySet(models.QuerySet):
    """A queryset that can be narrowed to what a user may do."""

    def restrict(self, user: Any, action: str = "view") -> "RestrictedQuerySet":
        """Province first (``xuctien.core.scope``), then the model's own rule."""
        from xuctien.core import scope

        return scope.restrict(self, user, action, self.model.restrict_queryset)


class BaseModel(models.Model):
    """Timestamps, an edit version and an always-on change history."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = RestrictedQuerySet.as_manager()

    history_exclude: ClassVar[tuple[str, ...]] = ("created_at", "updated_at", "version")
    #: The lookup from this model to its province ("province", "indicator__province"…);
    #: None for records every province shares (investors, sectors, users…).
    province_path: ClassVar[str | None] = None

    class Meta:
        abstract = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """A model's own ``permits`` judges a record by the membership of its province."""
        super().__init_subclass__(**kwargs)
        rule = cls.__dict__.get("permits")
        if isinstance(rule, classmethod):
            from xuctien.core.scope import gate

            cls.permits = classmethod(gate(rule.__func__))  # type: ignore[attr-defined]

    def save(self, *args: Any, **kwargs: Any) -> None:
        adding = self._state.adding
        with transaction.atomic(using=kwargs.get("using")):
            if not adding:
                self._complete_history_before(kwargs.get("using") or self._state.db)
                self._claim_next_version(kwargs)
            super().save(*args, **kwargs)
            self._record_save(adding)

    @classmethod
    def from_db(cls, db, field_names, values):  # type: ignore[no-untyped-def]
        """Keep the loaded row as it came; the before-snapshot is built only if a save needs it.

        Building it for every row loaded cost more than loading the rows (decision 0001).
        """
        instance = super().from_db(db, field_names, values)
        instance.__dict__["_history_loaded"] = (field_names, values)
        return instance

    @property
    def _history_before(self) -> dict[str, Any] | None:
        """The stored values of the loaded fields (None for a record not read from the database)."""
        state = self.__dict__
        if "_history_before_values" not in state:
            loaded = state.pop("_history_loaded", None)
            if loaded is None:
                return None
            state["_history_before_values"] = history.loaded_snapshot(
                self, *loaded, exclude=self.history_exclude
            )
        return state["_history_before_values"]

    @_history_before.setter
    def _history_before(self, value: dict[str, Any] | None) -> None:
        self.__dict__.pop("_history_loaded", None)
        self.__dict__["_history_before_values"] = value

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):  # type: ignore[no-untyped-def]
        """Reading a deferred field loads it: add its stored value to the before-snapshot."""
        deferred = self.get_deferred_fields()
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        loaded = deferred - self.get_deferred_fields()
        before = self._history_before
        if loaded and before is not None:
            before.update(history.snapshot(self, self.history_exclude, only=loaded))

    def _complete_history_before(self, using: str | None) -> None:
        """A deferred field set without being read: read its stored value for the history."""
        before = self._history_before
        if before is None:
            return
        deferred = self.get_deferred_fields()
        missing = [
            f.attname
            for f in self._meta.concrete_fields
            if f.name not in self.history_exclude
            and f.attname not in before
            and f.attname not in deferred
        ]
        if not missing:
            return
        stored = type(self)._base_manager.using(using).filter(pk=self.pk).values(*missing).first()
        if stored is not None:
            before.update(history.loaded_snapshot(self, missing, tuple(stored[n] for n in missing)))

    @classmethod
    def restrict_queryset(cls, queryset: models.QuerySet, user: Any, action: str):
        """Records ``user`` may ``action``; models narrow this with their own rules."""
        from xuctien.core.permissions import restrict

        return restrict(queryset, user, action)

    def _claim_next_version(self, kwargs: dict[str, Any]) -> None:
        """Move the stored version on by one, but only if nobody else did first."""
        manager = type(self)._base_manager.using(kwargs.get("using") or self._state.db)
        claimed = manager.filter(pk=self.pk, version=self.version).update(version=self.version + 1)
        if not claimed:
            raise StaleObjectError(self)
        self.version += 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version", "updated_at"}

    def _record_save(self, adding: bool) -> None:
        after = history.snapshot(self, self.history_exclude)
        before = None if adding else getattr(self, "_history_before", None)
        changed_before, changed_after = history.diff(before, after)
        if adding:
            history.record(self, history.CREATE, None, after)
        elif changed_after:
            history.record(self, history.UPDATE, changed_before, changed_after)
        self._history_before = after

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        with transaction.atomic():
            if self.get_deferred_fields():
                self.refresh_from_db(fields=list(self.get_deferred_fields()))
            before = history.snapshot(self, self.history_exclude)
            pk = self.pk
            result = super().delete(*args, **kwargs)
            self.pk = pk
            history.record(self, history.DELETE, before, None)
            self.pk = None
        return result

    def history(self) -> models.QuerySet:
        """This record's changes, newest first."""
        from xuctien.core.models import ChangeRecord

        return ChangeRecord.objects.for_object(self)
