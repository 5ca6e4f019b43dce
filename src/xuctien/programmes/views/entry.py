"""Data entry and governance: figures, imports, review, period locks, target revisions.

Every page needs a login. Each view states who may read it and who may post to it; the
services check again, so a forged request meets the same rules as the page.
"""

import io
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from xuctien.core.conflicts import conflict_message
from xuctien.core.permissions import READ, is_active, manages_programme, permits, reads_all
from xuctien.core.roles import Role
from xuctien.core.spreadsheets import SpreadsheetError
from xuctien.history import plain_value
from xuctien.models import StaleObjectError
from xuctien.programmes import services
from xuctien.programmes.forms import (
    LockForm,
    ObservationForm,
    RejectForm,
    ReopenForm,
    TargetRevisionForm,
    UploadForm,
)
from xuctien.programmes.importers import ImportRejected
from xuctien.programmes.importers import observations as figures
from xuctien.programmes.importers.programme import import_programme
from xuctien.programmes.importers.workbook import read_workbook
from xuctien.programmes.models import Observation, PeriodLock, Target

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORT_SESSION_KEY = "observation_import"


def enters_figures(user: Any) -> bool:
    """The secretariat, administrators and agency officers attached to an agency."""
    agency_officer = is_active(user) and user.role == Role.AGENCY and bool(user.agency_id)
    return manages_programme(user) or agency_officer


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


class Access(AccessMixin, View):
    """Login first; then 403 unless the user may read the page (GET) or write to it (POST)."""

    template_name = ""

    def may_read(self, user: Any) -> bool:
        return self.may_write(user)

    def may_write(self, user: Any) -> bool:
        return manages_programme(user)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        allowed = self.may_read if request.method in ("GET", "HEAD") else self.may_write
        if not allowed(request.user):
            raise PermissionDenied(_("You may not do this."))
        return super().dispatch(request, *args, **kwargs)

    def render(self, context: dict[str, Any], template: str = "", status: int = 200):
        user = self.request.user
        context.setdefault("can_enter", enters_figures(user))
        context.setdefault("can_manage", manages_programme(user))
        context.setdefault("can_review", reads_all(user))
        return render(self.request, template or self.template_name, context, status=status)


# --- one figure ---------------------------------------------------------------------------


class ObservationFormView(Access):
    """The shared create/edit page: save as draft or submit, refuse locked and stale saves."""

    template_name = "programmes/entry/observation_form.html"
    object: Observation | None = None

    def may_write(self, user: Any) -> bool:
        return enters_figures(user)

    def get_object(self) -> Observation | None:
        return None

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        initial = {"indicator": request.GET.get("indicator")} if self.object is None else {}
        form = ObservationForm(instance=self.object, initial=initial, user=request.user)
        return self.render_form(form)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        if self.object is not None and not permits(request.user, "change", self.object):
            raise PermissionDenied(_("You may not change this figure."))
        form = ObservationForm(request.POST, instance=self.object, user=request.user)
        if not form.is_valid():
            if form.is_stale:
                return self.render_stale()
            return self.render_form(form)
        submit = request.POST.get("action") == "submit"
        try:
            saved = services.save_observation(request.user, form.save(commit=False), submit)
        except ValidationError as error:  # the period is locked
            form.add_error(None, error)
            return self.render_form(form)
        except StaleObjectError:
            return self.render_stale()
        messages.success(request, _("Figure submitted for approval.") if submit else _("Saved."))
        return redirect("programmes:observation-edit", pk=saved.pk)

    def render_stale(self) -> HttpResponse:
        """Keep what the user typed, show the other person's figure, and let them re-save."""
        stored = Observation.objects.select_related("indicator__programme", "locality")
        theirs = stored.get(pk=self.object.pk)
        data = self.request.POST.copy()
        data["version"] = theirs.version
        # The form gets its own copy: validating it writes the user's values into it.
        self.object = stored.get(pk=self.object.pk)
        form = ObservationForm(data, instance=self.object, user=self.request.user)
        form.errors  # noqa: B018  (validate before adding the stale message)
        form.add_stale_error(theirs)
        return self.render_form(form, theirs=theirs, status=409)

    def render_form(self, form: ObservationForm, theirs: Any = None, status: int = 200):
        observation = self.object
        lock = None
        if observation is not None:
            lock = services.lock_for(observation.indicator.programme, observation.year)
        can_save = observation is None or permits(self.request.user, "change", observation)
        if not can_save:
            for field in form.fields.values():
                field.disabled = True
        context = {
            "form": form,
            "observation": observation,
            "theirs": theirs,
            "lock_message": services.locked_message(lock) if lock else "",
            "can_save": can_save and lock is None,
            "locks": self.active_locks() if observation is None else [],
            "history": observation.history() if observation is not None else None,
        }
        return self.render(context, status=status)

    def active_locks(self) -> list[tuple[PeriodLock, str]]:
        locks = PeriodLock.objects.filter(is_locked=True).select_related("programme", "locked_by")
        return [(lock, services.locked_message(lock)) for lock in locks]


class ObservationCreateView(ObservationFormView):
    """A new figure for one of the user's indicators."""

    def may_read(self, user: Any) -> bool:
        return enters_figures(user)


class ObservationUpdateView(ObservationFormView):
    """Correct a figure (the old value stays in its history), or read it when read-only."""

    def may_read(self, user: Any) -> bool:
        return enters_figures(user) or reads_all(user)

    def get_object(self) -> Observation:
        visible = Observation.objects.restrict(self.request.user, READ)
        related = ("indicator__programme", "locality", "submitted_by", "approved_by")
        return get_object_or_404(visible.select_related(*related), pk=self.kwargs["pk"])


# --- spreadsheet of figures ---------------------------------------------------------------


def _import_path(token: str) -> Path | None:
    """Where an uploaded file waits for confirmation; None for a token that is not ours."""
    try:
        name = uuid.UUID(hex=token).hex
    except (TypeError, ValueError):
        return None
    return Path(settings.VAR_DIR) / "imports" / f"{name}.xlsx"


def _store(upload: Any) -> tuple[str, Path]:
    token = uuid.uuid4().hex
    path = _import_path(token)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return token, path


class ObservationImportView(Access):
    """Upload → preview (create / update / unchanged per row) → confirm; all or nothing."""

    template_name = "programmes/entry/import.html"

    def may_write(self, user: Any) -> bool:
        return enters_figures(user)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render({"form": UploadForm()})

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if "token" in request.POST:
            return self.confirm(request.POST["token"], request.POST.get("action") == "cancel")
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render({"form": form})
        token, path = _store(form.cleaned_data["file"])
        try:
            planned = figures.plan(self.read(path), request.user)
        except (ImportRejected, ValueError) as error:
            path.unlink(missing_ok=True)
            return self.rejected(form, error)
        request.session[IMPORT_SESSION_KEY] = token
        counts = {a: sum(1 for p in planned if p.action == a) for a in figures.ACTIONS}
        context = {"form": UploadForm(), "planned": planned, "counts": counts, "token": token}
        return self.render(context)

    def confirm(self, token: str, cancel: bool) -> HttpResponse:
        request = self.request
        path = _import_path(token)
        if token != request.session.pop(IMPORT_SESSION_KEY, None) or not path or not path.exists():
            messages.error(request, _("This import has expired. Upload the file again."))
            return redirect("programmes:observation-import")
        try:
            if cancel:
                messages.info(request, _("Import cancelled; nothing was written."))
                return redirect("programmes:observation-import")
            result = figures.import_rows(self.read(path), request.user)
        except (ImportRejected, ValueError) as error:
            return self.rejected(UploadForm(), error)
        finally:
            path.unlink(missing_ok=True)
        messages.success(request, _imported(result))
        return redirect("programmes:observation-import")

    def read(self, path: Path) -> list[dict[str, str]]:
        return figures.rows_from_file(path)  # SpreadsheetError is a ValueError

    def rejected(self, form: UploadForm, error: Exception) -> HttpResponse:
        if isinstance(error, ImportRejected):
            return self.render({"form": form, "errors": error.errors}, status=422)
        form.add_error("file", str(error))
        return self.render({"form": form}, status=422)


def _imported(result: Any) -> str:
    return _("Imported: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.") % {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
    }


class ObservationTemplateView(Access):
    """The Excel template with lists of the user's indicator codes, places and kinds."""

    def may_write(self, user: Any) -> bool:
        return enters_figures(user)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        buffer = io.BytesIO()
        figures.template_workbook(request.user).save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="xuctien-figures-template.xlsx"'
        return response


# --- approval and locks -------------------------------------------------------------------


class ReviewView(Access):
    """Submitted figures by indicator, to approve or send back (leadership: read-only)."""

    template_name = "programmes/entry/review.html"
    partial_name = "programmes/entry/review_list.html"

    def may_read(self, user: Any) -> bool:
        return reads_all(user)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render(self.context())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        reject_form = None
        try:
            if request.POST.get("action") == "reject":
                reject_form = self.reject()
            else:
                self.approve()
        except (ValidationError, StaleObjectError) as error:
            messages.error(request, _problem(error))
        if is_htmx(request):
            return self.render(self.context(reject_form), self.partial_name)
        if reject_form is not None and not reject_form.is_valid():
            return self.render(self.context(reject_form), status=422)
        return redirect("programmes:review")

    def approve(self) -> None:
        ids = [i for i in self.request.POST.getlist("observation") if i.isdigit()]
        chosen = self.submitted().filter(pk__in=ids)
        count = services.approve_observations(self.request.user, list(chosen))
        approved = ngettext("%(count)s figure approved.", "%(count)s figures approved.", count)
        messages.success(self.request, approved % {"count": count})

    def reject(self) -> RejectForm:
        form = RejectForm(self.request.POST)
        if form.is_valid():
            observation = get_object_or_404(self.submitted(), pk=form.cleaned_data["observation"])
            services.reject_observation(self.request.user, observation, form.cleaned_data["reason"])
            messages.success(self.request, _("The figure was sent back to its agency."))
        return form

    def submitted(self) -> Any:
        return Observation.objects.filter(status=Observation.Status.SUBMITTED).select_related(
            "indicator__programme", "locality", "submitted_by"
        )

    def context(self, reject_form: RejectForm | None = None) -> dict[str, Any]:
        rows = self.submitted().order_by("indicator__code", "year", "period", "pk")
        failed = reject_form is not None and not reject_form.is_valid()
        return {"submitted": rows, "reject_form": reject_form if failed else None}


def _problem(error: Exception) -> str:
    if isinstance(error, StaleObjectError):
        return conflict_message(Observation.objects.get(pk=error.instance.pk))
    return " ".join(error.messages)


class PeriodLockView(Access):
    """Programme years: figures approved and pending, and the lock with who, when and why."""

    template_name = "programmes/entry/periods.html"

    def may_read(self, user: Any) -> bool:
        return reads_all(user)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render(self.context(LockForm()))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.POST.get("action") == "reopen":
            form = ReopenForm(request.POST)
            if form.is_valid():
                lock = get_object_or_404(PeriodLock, pk=form.cleaned_data["lock"])
                return self.done(services.reopen_period, lock.programme, lock.year, form)
        else:
            form = LockForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                return self.done(services.lock_period, data["programme"], data["year"], form)
        messages.error(request, _("Give a reason."))
        return self.render(self.context(_lock_form(form)), status=422)

    def done(self, action: Any, programme: Any, year: int, form: Any) -> HttpResponse:
        try:
            lock = action(self.request.user, programme, year, form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(self.request, _problem(error))
            return self.render(self.context(_lock_form(form)), status=422)
        if lock.is_locked:
            text = _("The figures of %(year)s are locked.")
        else:
            text = _("The figures of %(year)s are open again.")
        messages.success(self.request, text % {"year": year})
        return redirect("programmes:periods")

    def context(self, form: Any) -> dict[str, Any]:
        locks = PeriodLock.objects.select_related("programme", "locked_by", "reopened_by")
        return {"years": _programme_years(locks), "lock_form": form}


def _lock_form(form: Any) -> LockForm:
    """The form to show again: the lock form with its errors, or a fresh one."""
    return form if isinstance(form, LockForm) else LockForm()


def _programme_years(locks: Any) -> list[dict[str, Any]]:
    """One row per programme year with figures or a lock: counts, lock and its message."""
    status = Observation.Status
    counts = (
        Observation.objects.values("indicator__programme__code", "year")
        .annotate(
            approved=Count("pk", filter=Q(status=status.APPROVED)),
            pending=Count("pk", filter=Q(status=status.SUBMITTED)),
        )
        .order_by()
    )
    rows: dict[tuple[str, int], dict[str, Any]] = {}
    for count in counts:
        key = (count["indicator__programme__code"], count["year"])
        rows[key] = {"programme": key[0], "year": key[1], "approved": count["approved"],
                     "pending": count["pending"], "lock": None}  # fmt: skip
    for lock in locks:
        key = (lock.programme.code, lock.year)
        row = rows.setdefault(key, {"programme": key[0], "year": lock.year, "approved": 0,
                                    "pending": 0})  # fmt: skip
        row["lock"] = lock
        row["message"] = services.locked_message(lock) if lock.is_locked else ""
    return [rows[key] for key in sorted(rows, key=lambda k: (k[0], -k[1]))]


# --- targets and programmes ---------------------------------------------------------------


def _versions(target: Target) -> list[Target]:
    """Every version of a target, newest first: follow the revisions forward, then back."""
    latest = target
    while latest._revised_by_exists():
        latest = latest.revised_by
    versions = [latest]
    while versions[-1].revises_id:
        versions.append(versions[-1].revises)
    return versions


class TargetReviseView(Access):
    """A target's versions; approved ones are frozen, so a change is a new, reasoned version."""

    template_name = "programmes/entry/target_revise.html"

    def may_read(self, user: Any) -> bool:
        return reads_all(user)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        target = self.get_object()
        current = _versions(target)[0]
        initial = {
            "value": plain_value(current.value),
            "value_high": plain_value(current.value_high),
            "qualifier": current.qualifier,
        }
        return self.render_page(target, TargetRevisionForm(initial=initial))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        target = self.get_object()
        current = _versions(target)[0]
        if request.POST.get("action") == "approve":
            return self.approve(current)
        form = TargetRevisionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            extra = {"value_high": data["value_high"], "qualifier": data["qualifier"]}
            try:
                revision = services.revise_target(
                    request.user, current, data["value"], data["reason"], data["document"],
                    **extra,
                )  # fmt: skip
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _("The target was revised; the earlier version stays."))
                return redirect("programmes:target-revise", pk=revision.pk)
        return self.render_page(target, form, status=422)

    def approve(self, current: Target) -> HttpResponse:
        if current.is_approved:
            messages.info(self.request, _("This target is already approved."))
        else:
            services.approve_revisable(self.request.user, current)
            messages.success(self.request, _("The target is approved and now frozen."))
        return redirect("programmes:target-revise", pk=current.pk)

    def get_object(self) -> Target:
        related = ("indicator__programme", "approved_by", "locality", "zone")
        return get_object_or_404(Target.objects.select_related(*related), pk=self.kwargs["pk"])

    def render_page(self, target: Target, form: TargetRevisionForm, status: int = 200):
        versions = _versions(target)
        baselines = target.indicator.baselines.select_related("approved_by")
        context = {"target": target, "current": versions[0], "earlier": versions[1:],
                   "indicator": target.indicator, "baselines": baselines, "form": form}  # fmt: skip
        return self.render(context, status=status)


class ProgrammeImportView(Access):
    """A whole programme from its workbook, all or nothing, with every bad row listed."""

    template_name = "programmes/entry/programme_import.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render({"form": UploadForm()})

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render({"form": form}, status=422)
        try:
            sheets = read_workbook(form.cleaned_data["file"])
        except SpreadsheetError as error:
            form.add_error("file", str(error))
            return self.render({"form": form}, status=422)
        try:
            result = import_programme(sheets, request.user)
        except ImportRejected as rejected:
            return self.render({"form": form, "errors": rejected.errors}, status=422)
        messages.success(request, _imported(result))
        return redirect("programmes:programme-import")
