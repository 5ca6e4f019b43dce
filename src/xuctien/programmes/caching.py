"""Each indicator's assessment, cached until the data behind it changes (decision 28).

A report is cached under a key that names the indicator and the generations of the data it
reads (kept by ``core.aggregates``, one key per scope): its own figures, targets, baseline
and settings (``i<id>``); for a derived indicator, any indicator's of its province
(``f<province>``); for a computed one (and a derived one, whose operands may be computed),
the registers of its province (``r<province>``). The language (explanations are written
in it) and the day (the current year is assessed to date) are in the key too. Writing one
of those records bumps its scopes (``changed``, from the signals below and from the
services that write without ``save``), so the next read misses and assesses that indicator
again, alone.
"""

from __future__ import annotations

import io
import pickle
import threading
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db.models.signals import post_delete, post_save
from django.utils import timezone, translation

from xuctien.core import aggregates
from xuctien.programmes import computed, instances

#: The cache holding the reports: its own alias when the settings give one.
ALIAS = "assessments"
#: A day at most: the key names the day anyway.
TIMEOUT = 24 * 3600


def cache() -> Any:
    return caches[ALIAS if ALIAS in settings.CACHES else "default"]


def scopes_for(indicator: Any) -> list[str]:
    """The scopes whose changes the indicator's assessment reads."""
    scopes = [f"i{indicator.pk}"]
    if indicator.is_derived:
        scopes += [f"f{indicator.province_id}", f"r{indicator.province_id}"]
    elif computed.provider_for(indicator) is not None:
        scopes.append(f"r{indicator.province_id}")
    return scopes


#: The generations' keys: ``assessment:<scope>``.
PREFIX = "assessment:"


def generations(scopes: Iterable[str]) -> dict[str, int]:
    """The current generation of each scope (0 when never changed), in one query."""
    found = aggregates.versions(PREFIX + scope for scope in scopes)
    return {key.removeprefix(PREFIX): value for key, value in found.items()}


def key(indicator: Any, current: dict[str, int]) -> str:
    return keys([indicator], current)[indicator.pk]


def keys(indicators: Iterable[Any], current: dict[str, int]) -> dict[int, str]:
    """Indicator id -> ``key``, the language and the day read once for all of them."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    tail = f"{language}:{timezone.localdate():%Y%m%d}"
    return {
        i.pk: f"xt:assess:{i.pk}:{'.'.join(str(current.get(s, 0)) for s in scopes_for(i))}:{tail}"
        for i in indicators
    }


def reports(
    indicators: list[Any],
    assess: Callable[[list[Any]], list[Any]],
    current: dict[str, int] | None = None,
) -> list[Any]:
    """The reports of ``indicators``, in their order: from the cache where current, the
    others by ``assess`` (all at once), then cached. Each report gets the indicator object
    it is asked for (with the targets and baselines just read). ``current``: the
    generations of their scopes (``generations``), when the caller has just read them."""
    if not indicators:
        return []
    if current is None:
        current = generations(scope for i in indicators for scope in scopes_for(i))
    keys_ = keys(indicators, current)
    store = cache()
    found = store.get_many(list(keys_.values()))
    missing = [i for i in indicators if keys_[i.pk] not in found]
    fresh = {r.indicator.pk: r for r in assess(missing)} if missing else {}
    if fresh:
        store.set_many({keys_[pk]: _dumps(r) for pk, r in fresh.items()}, TIMEOUT)
    return [
        fresh.get(indicator.pk) or _loads(found[keys_[indicator.pk]], indicator)
        for indicator in indicators
    ]


def briefs(
    indicators: list[Any],
    name: str,
    reports_of: Callable[[list[Any]], list[Any]],
    brief: Callable[[list[Any]], dict[int, Any]],
    current: dict[str, int] | None = None,
) -> dict[int, Any]:
    """Indicator id -> what ``brief`` keeps of its report: the few fields a list shows,
    cached beside the report under its key and ``name`` (so it changes when the report
    does, with the data it reads, the language and the day). A whole report takes about a
    millisecond to unpickle; a list of a hundred needs only its status and headline. The
    indicators whose brief is not cached get their reports from ``reports_of`` (all at
    once: ``monitoring.assess_indicators``, itself cached); ``brief`` makes theirs, all at
    once too (a page reads its figures' sources in one query), as values the cache keeps.
    ``current``: the generations of their scopes, when the caller has just read them."""
    if not indicators:
        return {}
    if current is None:
        current = generations(scope for i in indicators for scope in scopes_for(i))
    keys_ = {pk: f"{k}:{name}" for pk, k in keys(indicators, current).items()}
    store = cache()
    found = store.get_many(list(keys_.values()))
    missing = [i for i in indicators if keys_[i.pk] not in found]
    fresh = brief(reports_of(missing)) if missing else {}
    if fresh:
        store.set_many({keys_[pk]: value for pk, value in fresh.items()}, TIMEOUT)
    return {i.pk: fresh[i.pk] if i.pk in fresh else found[keys_[i.pk]] for i in indicators}


class _Pickler(instances.Pickler):
    """Pickles a report without its indicator (the targets point back to it, with every
    figure read): the reader's own indicator object takes its place when it is loaded.
    Model instances (the figures) are pickled as their rows' values (``instances``)."""

    def __init__(self, file: Any, indicator_pk: int) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.indicator_pk = indicator_pk

    def reducer_override(self, obj: Any) -> Any:
        if type(obj).__name__ == "Indicator" and getattr(obj, "pk", None) == self.indicator_pk:
            return (_reader_indicator, ())
        return super().reducer_override(obj)


#: the indicator of the report being unpickled (``_loads``), per thread
_loading = threading.local()


def _reader_indicator() -> Any:
    return _loading.indicator


def _dumps(report: Any) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer, report.indicator.pk).dump(report)
    return buffer.getvalue()


def _loads(data: bytes, indicator: Any) -> Any:
    _loading.indicator = indicator
    try:
        return pickle.loads(data)
    finally:
        _loading.indicator = None


def changed(*scopes: str) -> None:
    """Bump the scopes' generations (in the writer's transaction: they count once it
    commits, with the data)."""
    aggregates.bump_keys(PREFIX + s for s in scopes if s)


def indicators_changed(indicators: Iterable[tuple[int, int]]) -> None:
    """(indicator id, province id) pairs whose figures, targets or settings changed: for
    the services that write many at once (an import's bulk writes)."""
    pairs = set(indicators)
    changed(*(f"i{pk}" for pk, _p in pairs), *(f"f{p}" for _pk, p in pairs))


def registry_changed(province_id: int | None) -> None:
    """The registers of a province (every province: None) changed."""
    if province_id is not None:
        changed(f"r{province_id}")
        return
    aggregates.bump_prefix(PREFIX + "r")


# --- signals: every save and delete of what the assessments read ----------------------------


def _indicator_record(sender: Any, instance: Any, **_kwargs: Any) -> None:
    indicator = instance if sender.__name__ == "Indicator" else instance.indicator
    indicators_changed([(indicator.pk, indicator.province_id)])


def _registry_record(path: str) -> Callable[..., None]:
    """A receiver bumping the registry of the record's province, found along ``path``."""

    *through, last = path.split("__")

    def receiver(sender: Any, instance: Any, **_kwargs: Any) -> None:
        record = instance
        for name in through:
            record = getattr(record, name, None) if record is not None else None
        registry_changed(getattr(record, f"{last}_id", None) if record is not None else None)

    return receiver


_RECEIVERS: list[Any] = []


def _bulk_written(sender: Any, records: list[Any], **_kwargs: Any) -> None:
    """An import's bulk write (``importing.bulk_written``): one bump for the batch."""
    from django.apps import apps

    if sender._meta.app_label == "programmes" and sender.__name__ in INDICATOR_RECORDS:
        Indicator = apps.get_model("programmes", "Indicator")
        ids = {r.pk if sender is Indicator else r.indicator_id for r in records}
        indicators_changed(Indicator.objects.filter(pk__in=ids).values_list("pk", "province"))
        return
    for app, label, path in REGISTERS:
        if sender._meta.app_label == app and sender.__name__ == label:
            for province in aggregates.provinces_of(sender, records, path):
                registry_changed(province)
            return


def _every_registry(**_kwargs: Any) -> None:
    """A sector written: its section decides which projects count as manufacturing, in
    every province's registers (each province's key bumped, new ones made)."""
    from xuctien.core.models import Province

    changed(*(f"r{pk}" for pk in Province.objects.values_list("pk", flat=True)))


INDICATOR_RECORDS = ("Indicator", "Observation", "Target", "Baseline")
REGISTERS = [
    ("investments", "Project", "province"),
    ("investments", "CapitalEvent", "project__province"),
    ("investments", "RegistryDeclaration", "province"),
    ("screening", "ProjectFacts", "project__province"),
    ("screening", "IndicatorFeed", "indicator__province"),
    ("sites", "SiteReport", "province"),
]


def connect() -> None:
    """Connect the receivers (``ProgrammesConfig.ready``); apps not installed are skipped."""
    from django.apps import apps

    from xuctien.importing import bulk_written

    bulk_written.connect(_bulk_written, dispatch_uid="assess-bulk")

    for label in INDICATOR_RECORDS:
        model = apps.get_model("programmes", label)
        post_save.connect(_indicator_record, sender=model, dispatch_uid=f"assess-{label}")
        post_delete.connect(_indicator_record, sender=model, dispatch_uid=f"assess-d-{label}")
    for app, label, path in REGISTERS:
        if not apps.is_installed(f"xuctien.{app}"):
            continue
        model = apps.get_model(app, label)
        receiver = _registry_record(path)
        _RECEIVERS.append(receiver)  # signals hold weak references
        post_save.connect(receiver, sender=model, dispatch_uid=f"assess-{label}")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"assess-d-{label}")
    if apps.is_installed("xuctien.investments"):
        sector = apps.get_model("investments", "Sector")
        post_save.connect(_every_registry, sender=sector, dispatch_uid="assess-Sector")
        post_delete.connect(_every_registry, sender=sector, dispatch_uid="assess-d-Sector")
