"""The holiday calendar the working-day deadlines count on, kept by the secretariat."""

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView

from xuctien.actions.holidays import (
    cover_year,
    delete_holiday,
    missing_next_year,
    save_holiday,
    uncover_year,
)
from xuctien.actions.models import CalendarYear, Holiday
from xuctien.actions.views.base import TaskAccessMixin, add_errors
from xuctien.core.forms import Form, ModelForm, VersionedForm, form_status
from xuctien.core.permissions import manages_programme
from xuctien.models import StaleObjectError


class HolidayForm(VersionedForm, ModelForm):
    class Meta:
        model = Holiday
        fields = ["date", "kind", "name_vi", "name_en", "is_derived", "source", "source_url"]
        widgets = {"source": forms.Textarea(attrs={"rows": 2})}
        labels = {"source": gettext_lazy("Source (decision, announcement)")}


def today() -> Any:
    return timezone.localdate()


class CoverageForm(Form):
    note = forms.CharField(
        label=gettext_lazy("Checked against"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("The announcements this year's days were checked against."),
    )


class HolidayListView(TaskAccessMixin, ListView):
    """A year of the calendar: holidays, days off in lieu and make-up working days."""

    template_name = "actions/holiday_list.html"
    context_object_name = "holidays"

    def year(self) -> int:
        raw = self.request.GET.get("year", "")
        return int(raw) if raw.isdigit() and 1990 <= int(raw) <= 2100 else today().year

    def get_queryset(self) -> QuerySet:
        return Holiday.objects.filter(date__year=self.year())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        year = self.year()
        return super().get_context_data(
            year=year,
            years=(year - 1, year + 1),
            can_edit=manages_programme(self.request.user),
            coverage=CalendarYear.objects.filter(year=year).first(),
            covered_years=list(CalendarYear.objects.values_list("year", flat=True)),
            missing_next=missing_next_year(today()),
            coverage_form=CoverageForm(),
            **kwargs,
        )


class CalendarYearView(TaskAccessMixin, View):
    """Mark a year covered (its days loaded and checked) or withdraw it; secretariat only."""

    def post(self, request: HttpRequest, year: int) -> HttpResponse:
        if not manages_programme(request.user) or not 1990 <= year <= 2100:
            raise PermissionDenied
        form = CoverageForm(request.POST)
        if request.POST.get("action") == "uncover":
            uncover_year(request.user, year)
        elif form.is_valid():
            cover_year(request.user, year, form.cleaned_data["note"])
        return redirect(f"{reverse('actions:holidays')}?year={year}")


class HolidayEditView(TaskAccessMixin, View):
    """Add a day (no pk) or correct one; the server refuses anyone but the secretariat."""

    def _holiday(self, pk: int | None) -> Holiday:
        if not manages_programme(self.request.user):
            raise PermissionDenied
        return get_object_or_404(Holiday, pk=pk) if pk else Holiday()

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        holiday = self._holiday(pk)
        form = HolidayForm(instance=holiday)
        return self._render(form, holiday)

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        holiday = self._holiday(pk)
        form = HolidayForm(request.POST, instance=holiday)
        if form.is_valid():
            try:
                saved = save_holiday(request.user, form.save(commit=False))
            except ValidationError as error:
                add_errors(form, error)
            except StaleObjectError:
                form.add_stale_error(holiday)
            else:
                return redirect(f"{reverse('actions:holidays')}?year={saved.date.year}")
        return self._render(form, holiday, status=form_status(form, invalid=400))

    def _render(self, form: HolidayForm, holiday: Holiday, status: int = 200) -> HttpResponse:
        context = {"form": form, "holiday": holiday}
        return render(self.request, "actions/holiday_form.html", context, status=status)


class HolidayDeleteView(TaskAccessMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not manages_programme(request.user):
            raise PermissionDenied
        holiday = get_object_or_404(Holiday, pk=pk)
        delete_holiday(request.user, holiday)
        return redirect(f"{reverse('actions:holidays')}?year={holiday.date.year}")
