"""The pipeline board: a column per stage; cards move forward, back, or out with a reason.

Cards are dragged between columns (``static/investments/board.js``) or moved with the
buttons on each card; both post to ``MoveView``, which calls the same services. The board
reads a fixed number of queries however many cards it holds.
"""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from xuctien.core.conflicts import conflict_message
from xuctien.investments import counting, services
from xuctien.investments.filtersets import filtered_projects
from xuctien.investments.forms import ExitForm, MoveForm
from xuctien.investments.models import LeadRoute, Project, Stage
from xuctien.investments.stages import EXITS, PIPELINE, next_stage, previous_stage
from xuctien.investments.views.common import is_htmx, visible_or_404
from xuctien.models import StaleObjectError

BILLION = Decimal(10) ** 9


def board_filter(request: HttpRequest) -> Any:
    """The project filters of the list and the API, without the stage (the columns are it)."""
    filterset = filtered_projects(request, counting.in_pipeline(Project.objects.all()))
    del filterset.filters["stage"]
    filterset.form.fields.pop("stage", None)
    return filterset


def _movable_ids(request: HttpRequest, projects: list[Project]) -> set[int]:
    """The cards the user may move, asked in one query for all of them."""
    if not projects or not Project.permits(request.user, "change", None):
        return set()
    changeable = Project.objects.restrict(request.user, "change")
    return set(changeable.filter(pk__in=[p.pk for p in projects]).values_list("pk", flat=True))


def _card(project: Project, movable: set[int], errors: dict) -> Project:
    project.next_stage = next_stage(project.stage)
    project.previous_stage = previous_stage(project.stage)
    project.movable = project.pk in movable
    project.error = errors.get(project.pk)
    amount = project.capital_vnd or project.expected_capital_vnd
    project.amount_billion = amount / BILLION if amount is not None else None
    return project


def board_context(request: HttpRequest, errors: dict | None = None) -> dict[str, Any]:
    """Columns of cards, each card knowing where it can go and whether the user may move it."""
    filterset = board_filter(request)
    projects = list(filterset.qs.order_by("stage_since", "name"))
    movable = _movable_ids(request, projects)
    by_stage: dict[str, list] = {stage: [] for stage in (*PIPELINE, *EXITS)}
    for project in projects:
        by_stage[project.stage].append(_card(project, movable, errors or {}))
    return {
        "filter": filterset,
        "columns": [(s, Stage(s).label, by_stage[s]) for s in PIPELINE],
        "exits": [(s, Stage(s).label, by_stage[s]) for s in EXITS],
        "exit_form": ExitForm(auto_id=False),
        "exit_stages": [(s, Stage(s).label) for s in EXITS],
        "irc": Stage.IRC_ISSUED,
        "total": len(projects),
    }


class BoardView(LoginRequiredMixin, View):
    """The board; the same view answers htmx with the board alone."""

    def get(self, request: HttpRequest) -> HttpResponse:
        template = (
            "investments/partials/board.html" if is_htmx(request) else "investments/board.html"
        )
        context = board_context(request)
        context["sees_routes"] = LeadRoute.permits(request.user, "view", None)
        return render(request, template, context)


class MoveView(LoginRequiredMixin, View):
    """Move one card; answers htmx with the redrawn board, a plain form with a redirect."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        project = visible_or_404(Project.objects, request, pk=pk)
        form = MoveForm(request.POST, record=project)
        error = self._move(request, project, form)
        if not is_htmx(request):
            if error:
                messages.error(request, error)
            return redirect("investments:board")
        context = board_context(request, {project.pk: error} if error else None)
        return render(request, "investments/partials/board.html", context)

    def _move(self, request: HttpRequest, project: Project, form: MoveForm) -> str | None:
        if not form.is_valid():
            return " ".join(str(e) for errors in form.errors.values() for e in errors)
        data = form.cleaned_data
        try:
            if data["to_stage"] == Stage.IRC_ISSUED:
                services.issue_irc(
                    request.user,
                    project,
                    on=data["on"],
                    irc_number=data["irc_number"],
                    capital=data["capital"],
                    currency=data["currency"],
                    expected_version=data["version"],
                )
            else:
                services.move_stage(
                    request.user,
                    project,
                    data["to_stage"],
                    on=data["on"],
                    reason=data["reason"],
                    expected_version=data["version"],
                )
        except StaleObjectError:
            return conflict_message(Project.objects.get(pk=project.pk))
        except PermissionDenied:
            return _("You may not move this project.")
        except ValidationError as error:
            return " ".join(error.messages)
        return None
