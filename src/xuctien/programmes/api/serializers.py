"""The programme API's shapes: indicators with their current targets, assessments, figures.

Decimals are strings (never floats) without trailing zeros: "9.8", "13.96", "50000".
"""

from decimal import Decimal
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from xuctien.programmes import computed
from xuctien.programmes.models import Indicator, Observation
from xuctien.programmes.monitoring import IndicatorReport, province_report
from xuctien.programmes.rules import rule_text


@extend_schema_field({"type": "string", "format": "decimal", "example": "13.96"})
class PlainDecimalField(serializers.Field):
    """A Decimal as a plain string: no exponent, no trailing zeros."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value: Decimal) -> str:
        text = format(Decimal(value), "f")
        return text.rstrip("0").rstrip(".") if "." in text else text


class BaselineSerializer(serializers.Serializer):
    """The baseline figure, with its qualifier and source."""

    year = serializers.IntegerField()
    value = PlainDecimalField()
    qualifier = serializers.CharField()
    source = serializers.CharField()
    source_urls = serializers.ListField(child=serializers.CharField())


class TargetSerializer(serializers.Serializer):
    """A target with the document it comes from and that document's date.

    ``approved_at`` is when the target was approved (for a loaded target: its document's
    date); ``loaded_at`` is when the record was created here, kept apart.
    """

    start_year = serializers.IntegerField()
    year = serializers.IntegerField()
    value = PlainDecimalField()
    value_high = PlainDecimalField()
    qualifier = serializers.CharField()
    document = serializers.CharField()
    document_date = serializers.DateField(allow_null=True)
    approved_at = serializers.DateTimeField(allow_null=True)
    loaded_at = serializers.DateTimeField(source="created_at")
    source_urls = serializers.ListField(child=serializers.CharField())


class BoundSerializer(serializers.Serializer):
    """A figure as an interval: ``low``/``high`` null where open; kind exact, at_least,
    at_most, about or range."""

    low = PlainDecimalField()
    high = PlainDecimalField()
    kind = serializers.CharField()


class ProjectionRangeSerializer(serializers.Serializer):
    low = PlainDecimalField()
    high = PlainDecimalField()


class FigureSerializer(serializers.Serializer):
    """The figure a year's verdict used, and where it comes from."""

    basis = serializers.ChoiceField(choices=["official", "registry", "formula"])
    period = serializers.CharField(allow_null=True)
    source = serializers.CharField(help_text="The source's title (its publisher or register).")
    source_urls = serializers.ListField(child=serializers.CharField())
    kind = serializers.CharField(
        help_text="final, provisional, estimate or forecast; registry or formula for a "
        "computed figure."
    )
    qualifier = serializers.CharField()
    reported_as = serializers.CharField()
    explanation = serializers.CharField()
    bound = BoundSerializer(allow_null=True)


class CoverageSerializer(serializers.Serializer):
    projects = serializers.IntegerField(help_text="Projects the registry counts to the year.")
    waiting_for_rate = serializers.IntegerField(
        help_text="Amounts of those years not counted: still waiting for an exchange rate."
    )
    complete = serializers.BooleanField(
        help_text="Declared complete for every year counted: then the sum is a value, "
        "otherwise a lower bound."
    )


class RegistryVerdictSerializer(serializers.Serializer):
    """The project registry's figure beside the official one: a bound, with its coverage."""

    bound = BoundSerializer(allow_null=True)
    status = serializers.CharField()
    rule = serializers.CharField()
    coverage = CoverageSerializer()


class OtherVerdictSerializer(serializers.Serializer):
    """The verdict against another document's target covering the same year."""

    target = TargetSerializer()
    status = serializers.CharField()
    rule = serializers.CharField()
    actual = PlainDecimalField()
    expected = PlainDecimalField()
    bound = BoundSerializer(allow_null=True)


def report_for(indicator: Indicator) -> IndicatorReport:
    """The indicator's assessment, computed once per serialised indicator."""
    cached = getattr(indicator, "_api_report", None)
    if cached is None:
        cached = indicator._api_report = province_report(indicator)
    return cached


def headline(report: IndicatorReport) -> tuple[str, int | None, dict[str, Any] | None]:
    """What an indicator's entry shows of its report: its status, headline year and
    headline figure (``IndicatorSerializer``), as plain values the cache keeps."""
    row = report.headline
    figure = figure_data(row) if row else None
    if figure is not None and figure["bound"] is not None:
        figure["bound"] = dict(figure["bound"])
    return (
        report.status if report.spec is not None else "no_target",
        row.year if row else None,
        figure,
    )


def headlines(reports: list[IndicatorReport]) -> dict[int, tuple]:
    """``headline`` of each report, by indicator id; the sources of their figures read
    together (``computed.read_sources``)."""
    computed.read_sources([r.headline.figure for r in reports if r.headline])
    return {r.indicator.pk: headline(r) for r in reports}


def headline_for(indicator: Indicator) -> tuple[str, int | None, dict[str, Any] | None]:
    """The indicator's ``headline``: the list's, read for the page from the cache
    (``_api_headline``), else from its report."""
    found = getattr(indicator, "_api_headline", None)
    if found is None:
        found = indicator._api_headline = headline(report_for(indicator))
    return found


#: one serializer for every baseline of a page (a new one per indicator built its fields
#: again each time: a fifth of the list's time)
_BASELINE = BaselineSerializer()


class IndicatorSerializer(serializers.ModelSerializer):
    """An indicator, its current baseline and targets, and its headline status."""

    name = serializers.CharField(read_only=True)
    programme = serializers.SlugRelatedField(slug_field="code", read_only=True)
    breakthrough = serializers.IntegerField(
        source="breakthrough.number", read_only=True, allow_null=True
    )
    baseline = serializers.SerializerMethodField()
    targets = TargetSerializer(source="current_targets", many=True, read_only=True)
    status = serializers.SerializerMethodField()
    headline_year = serializers.SerializerMethodField()
    headline_figure = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "unit",
            "behaviour",
            "direction",
            "baseline",
            "targets",
            "programme",
            "breakthrough",
            "status",
            "headline_year",
            "headline_figure",
        ]

    @extend_schema_field(BaselineSerializer(allow_null=True))
    def get_baseline(self, indicator: Indicator) -> dict[str, Any] | None:
        baseline = indicator.current_baseline()
        return _BASELINE.to_representation(baseline) if baseline else None

    @extend_schema_field(OpenApiTypes.STR)
    def get_status(self, indicator: Indicator) -> str:
        """The headline year's status (achieved, on_track, at_risk, off_track, no_data),
        or "no_target" when nothing is quantified."""
        return headline_for(indicator)[0]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_headline_year(self, indicator: Indicator) -> int | None:
        """The year the status is for: the last complete year with a figure."""
        return headline_for(indicator)[1]

    @extend_schema_field(FigureSerializer(allow_null=True))
    def get_headline_figure(self, indicator: Indicator) -> dict[str, Any] | None:
        """The figure behind the status, with its source, kind, qualifier and bound."""
        return headline_for(indicator)[2]


def bound_data(bound: Any) -> dict[str, Any] | None:
    if bound is None:
        return None
    return BoundSerializer({"low": bound.low, "high": bound.high, "kind": bound.kind.value}).data


def figure_data(row: Any) -> dict[str, Any] | None:
    """The source of the figure a row used: an observation, the registry or a formula."""
    figure = row.figure
    if figure is None:
        return None
    bound = bound_data(row.result.bound)
    if isinstance(figure, Observation):
        return {
            "basis": "official",
            "period": figure.period,
            "source": figure.source,
            "source_urls": figure.source_urls,
            "kind": figure.estimate,
            "qualifier": figure.qualifier,
            "reported_as": figure.reported_as,
            "explanation": "",
            "bound": bound,
        }
    urls = figure.source_urls()
    return {
        "basis": row.basis,
        "period": str(figure.year),
        "source": "project registry" if row.basis == "registry" else "formula",
        "source_urls": urls,
        "kind": row.basis,
        "qualifier": "exact" if figure.complete or row.basis == "formula" else "at_least",
        "reported_as": "",
        "explanation": figure.explanation,
        "bound": bound,
    }


class AssessmentSerializer(serializers.Serializer):
    """One assessed year (a ``monitoring.Row``), with the figure it used and its source.

    ``actual`` is the figure when it is one number, else the finite end of its ``bound``.
    ``target`` is the target giving the verdict (the programme's own document first);
    ``others`` the verdicts against other documents' targets for the year; ``registry`` the
    project registry's bound beside an official figure (capital, jobs).
    """

    year = serializers.IntegerField()
    target_year = serializers.IntegerField(source="target.year", allow_null=True)
    actual = PlainDecimalField()
    bound = serializers.SerializerMethodField()
    expected = PlainDecimalField()
    gap = PlainDecimalField()
    percent_of_target = PlainDecimalField()
    projection = PlainDecimalField()
    projection_range = serializers.SerializerMethodField()
    still_needed = PlainDecimalField()
    status = serializers.CharField()
    rule = serializers.CharField(source="rule_text")
    provisional = serializers.BooleanField(source="is_provisional")
    to_date = serializers.BooleanField(source="is_to_date")
    basis = serializers.CharField()
    figure = serializers.SerializerMethodField()
    target = serializers.SerializerMethodField()
    others = serializers.SerializerMethodField()
    registry = serializers.SerializerMethodField()

    @extend_schema_field(BoundSerializer(allow_null=True))
    def get_bound(self, row: Any) -> dict[str, Any] | None:
        return bound_data(row.result.bound)

    @extend_schema_field(ProjectionRangeSerializer(allow_null=True))
    def get_projection_range(self, row: Any) -> dict[str, Any] | None:
        """With few figures, the projection's spread (None with five figures or more)."""
        spread = row.result.projection_range
        if spread is None:
            return None
        return ProjectionRangeSerializer({"low": spread[0], "high": spread[1]}).data

    @extend_schema_field(FigureSerializer(allow_null=True))
    def get_figure(self, row: Any) -> dict[str, Any] | None:
        return figure_data(row)

    @extend_schema_field(TargetSerializer(allow_null=True))
    def get_target(self, row: Any) -> dict[str, Any] | None:
        target = row.result.target
        return TargetSerializer(target.ref).data if target and target.ref else None

    @extend_schema_field(OtherVerdictSerializer(many=True))
    def get_others(self, row: Any) -> list[dict[str, Any]]:
        return [
            {
                "target": TargetSerializer(other["target"]).data,
                "status": other["result"].status.value,
                "rule": other["rule_text"],
                "actual": PlainDecimalField().to_representation(other["result"].actual)
                if other["result"].actual is not None
                else None,
                "expected": PlainDecimalField().to_representation(other["result"].expected)
                if other["result"].expected is not None
                else None,
                "bound": bound_data(other["result"].bound),
            }
            for other in row.other_verdicts
            if other["target"] is not None
        ]

    @extend_schema_field(RegistryVerdictSerializer(allow_null=True))
    def get_registry(self, row: Any) -> dict[str, Any] | None:
        if row.registry is None:
            return None
        return {
            "bound": bound_data(row.registry.bound),
            "status": row.registry.status.value,
            "rule": rule_text(row.registry.rule),
            "coverage": row.registry_coverage,
        }


class ObservationSerializer(serializers.ModelSerializer):
    """A reported figure with its period, place, source and approval."""

    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    locality = serializers.SlugRelatedField(slug_field="code", read_only=True)
    zone = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    value = PlainDecimalField()
    value_high = PlainDecimalField()
    source_urls = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Observation
        fields = [
            "id",
            "indicator",
            "period",
            "period_kind",
            "year",
            "locality",
            "zone",
            "value",
            "value_high",
            "qualifier",
            "estimate",
            "accepted",
            "status",
            "source",
            "source_urls",
            "reported_as",
            "note",
            "approved_at",
        ]
        read_only_fields = fields
