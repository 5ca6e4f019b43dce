"""The sites app's forms: a zone's report, its review, and an investor's needs."""

import json
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from xuctien.core.forms import Form, ModelForm
from xuctien.core.templatetags.xuctien import format_number
from xuctien.investments.models import Sector
from xuctien.sites import matching
from xuctien.sites.models import Plot, SiteReport


class SectorChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Sector) -> str:
        return f"{obj.code} – {obj.name}"


class SectorsChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Sector) -> str:
        return f"{obj.code} – {obj.name}"


class ReportForm(ModelForm):
    """What a developer (or the authority) writes about a zone; blanks are "not stated"."""

    sectors = SectorsChoice(
        label=_("Sectors allowed or preferred (VSIC 2018)"),
        queryset=Sector.objects.all(),
        required=False,
        to_field_name="code",
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    boundary = forms.JSONField(
        label=_("Boundary (GeoJSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A GeoJSON Polygon or MultiPolygon geometry, where one is published."),
    )

    class Meta:
        model = SiteReport
        fields = [
            "as_of",
            "source_url",
            "total_ha",
            "industrial_ha",
            "leasable_ha",
            "leased_ha",
            "available_ha",
            "occupancy_pct",
            "available_from",
            "rent_min_usd_m2",
            "rent_max_usd_m2",
            "rent_term",
            "power_supply",
            "power_kv",
            "water_m3_day",
            "wastewater_m3_day",
            "workforce",
            "seaport_km",
            "airport_km",
            "border_gate_km",
            "expressway_km",
            "status",
            "developer",
            "latitude",
            "longitude",
            "location_approximate",
            "boundary",
            "sectors",
        ]
        labels = {"source_url": _("Source")}
        help_texts = {
            "source_url": _(
                "Where the figures come from: a link, a decision, or the developer's own "
                "statement. Several separated by |."
            )
        }
        widgets = {"source_url": forms.Textarea(attrs={"rows": 2})}

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("sectors", None)
        return data


class ReviewForm(Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("publish", _("Publish")), ("return", _("Return to the developer"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the report is returned."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("note") or "").strip():
            self.add_error("note", gettext("Say why the report is returned."))
        return data


class PlotForm(Form):
    """One plot of the park, as the developer lists it on the report page."""

    code = forms.CharField(label=_("Plot"), max_length=40, required=False)
    area_ha = forms.DecimalField(
        label=_("Area (ha)"),
        required=False,
        min_value=0,
        max_value=100_000,
        max_digits=10,
        decimal_places=2,
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", "—"), *Plot.Status.choices]
    )
    price_usd_m2 = forms.DecimalField(
        label=_("Price (USD/m²)"),
        required=False,
        min_value=0,
        max_value=10_000,
        max_digits=8,
        decimal_places=2,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        filled = [data.get(k) not in (None, "") for k in ("code", "area_ha", "status")]
        if any(filled) or data.get("price_usd_m2") is not None:
            if not data.get("code"):
                self.add_error("code", gettext("A plot needs a code."))
            if data.get("area_ha") is None:
                self.add_error("area_ha", gettext("A plot needs an area."))
            if not data.get("status"):
                self.add_error("status", gettext("A plot needs a status."))
        return data

    def plot(self) -> dict[str, Any] | None:
        """The plot as a row for ``services.save_report``; None for an empty or deleted row."""
        data = self.cleaned_data
        if data.get("DELETE") or not data.get("code"):
            return None
        return {k: data.get(k) for k in ("code", "area_ha", "status", "price_usd_m2")}


class BasePlotFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        super().clean()
        seen: set[str] = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data"):
                continue
            code = form.cleaned_data.get("code")
            if code and not form.cleaned_data.get("DELETE"):
                if code in seen:
                    form.add_error("code", gettext("Plot %(code)s appears twice.") % {"code": code})
                seen.add(code)

    def plots(self) -> list[dict[str, Any]]:
        return [row for row in (form.plot() for form in self.forms) if row is not None]


PlotFormSet = forms.formset_factory(
    PlotForm, formset=BasePlotFormSet, extra=3, can_delete=True, max_num=500
)


def plot_formset(report: Any, data: Any = None) -> Any:
    """The plot rows of ``report`` (its current plots, then three empty rows)."""
    initial = []
    if report is not None and report.pk:
        initial = [
            {
                "code": p.code,
                "area_ha": p.area_ha,
                "status": p.status,
                "price_usd_m2": p.price_usd_m2,
            }
            for p in report.plots.all()
        ]
    return PlotFormSet(data, initial=initial, prefix="plots")


class ChooseSiteForm(Form):
    project = forms.IntegerField(min_value=1, max_value=2**62)
    zone = forms.CharField(max_length=40)


class ImportForm(Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))


WEIGHT_CHOICES = [
    (0, _("Does not matter")),
    (1, _("Normal")),
    (2, _("Important")),
    (3, _("Very important")),
]


def _decimal(label: Any, high: int, places: int = 2, **kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=0,
        max_value=high,
        max_digits=12,
        decimal_places=places,
        **kwargs,
    )


class NeedsForm(Form):
    """An investor's needs, as the site finder asks them (every field optional)."""

    land_min_ha = _decimal(_("Land needed, at least (ha)"), 100_000)
    land_max_ha = _decimal(_("Land needed, at most (ha)"), 100_000)
    sector = SectorChoice(
        label=_("Sector (VSIC 2018)"),
        queryset=Sector.objects.all(),
        required=False,
        to_field_name="code",
    )
    power_kv = forms.IntegerField(
        label=_("Grid voltage needed (kV)"), required=False, min_value=0, max_value=1000
    )
    water_m3_day = _decimal(_("Water (m³/day)"), 100_000_000, 0)
    wastewater_m3_day = _decimal(_("Wastewater to treat (m³/day)"), 100_000_000, 0)
    workforce = forms.IntegerField(
        label=_("Workers needed"), required=False, min_value=0, max_value=1_000_000
    )
    port_km = _decimal(_("Seaport within (km)"), 5000, 1)
    border_km = _decimal(_("Border gate within (km)"), 5000, 1)
    needed_by = forms.DateField(label=_("Land needed by"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for criterion, label in matching.CRITERIA.items():
            self.fields[f"w_{criterion}"] = forms.TypedChoiceField(
                label=label,
                choices=WEIGHT_CHOICES,
                coerce=int,
                required=False,
                initial=matching.DEFAULT_WEIGHT,
                empty_value=matching.DEFAULT_WEIGHT,
            )

    def weight_fields(self) -> list[Any]:
        return [self[f"w_{c}"] for c in matching.CRITERIA]

    def need_fields(self) -> list[Any]:
        return [f for f in self if not f.name.startswith("w_")]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        low, high = data.get("land_min_ha"), data.get("land_max_ha")
        if low is not None and high is not None and low > high:
            self.add_error("land_max_ha", gettext("The upper bound is below the lower one."))
        return data

    def stated(self) -> bool:
        return (
            self.is_bound
            and self.is_valid()
            and any(self.cleaned_data.get(f.name) not in (None, "") for f in self.need_fields())
        )

    def needs(self) -> matching.Needs:
        data = self.cleaned_data
        sector = data.get("sector")
        weights = {c: data.get(f"w_{c}", matching.DEFAULT_WEIGHT) for c in matching.CRITERIA}
        return matching.Needs(
            land_min_ha=data.get("land_min_ha"),
            land_max_ha=data.get("land_max_ha"),
            sector=sector.code if sector else "",
            sector_section=sector.section if sector and sector.code != sector.section else "",
            power_kv=data.get("power_kv"),
            water_m3_day=data.get("water_m3_day"),
            wastewater_m3_day=data.get("wastewater_m3_day"),
            workforce=data.get("workforce"),
            port_km=data.get("port_km"),
            border_km=data.get("border_km"),
            needed_by=data.get("needed_by"),
            weights=weights,
        )

    def as_record(self) -> dict[str, Any]:
        """The needs as stored with a lead (JSON: decimals and dates as text)."""
        record = {}
        for name, value in self.cleaned_data.items():
            if value in (None, ""):
                continue
            if isinstance(value, Sector):
                value = value.code
            elif isinstance(value, Decimal):
                value = format(value.normalize(), "f")
            elif hasattr(value, "isoformat"):
                value = value.isoformat()
            record[name] = value
        return json.loads(json.dumps(record))

    def summary(self, site_name: str = "") -> str:
        """The needs in words, one per line, in the active language."""
        lines = []
        for field in self.need_fields():
            value = self.cleaned_data.get(field.name)
            if isinstance(value, Decimal):
                value = format_number(value.normalize())
            elif hasattr(value, "isoformat"):
                value = date_format(value, "SHORT_DATE_FORMAT")
            if value not in (None, ""):
                lines.append(f"{field.label}: {value}")
        if site_name:
            chosen = gettext("Site chosen")  # outside the f-string, for xgettext
            lines.append(f"{chosen}: {site_name}")
        return "\n".join(lines)
