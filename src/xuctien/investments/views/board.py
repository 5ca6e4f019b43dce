"""The pipeline board: a column per stage; cards move forward, back, or out with a reason."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from xuctien.core.conflicts import conflict_message
from xuctien.investments import services
from xuctien.investments.forms import ExitForm, MoveForm
from xuctien.investments.models import Project, Stage
from xuctien.investments.stages import EXITS, PIPELINE, next_stage, previous_stage
from xuctien.investments.views.common import is_htmx, visible_or_404
from xuctien.models import StaleObjectError


def board_projects(request: HttpRequest) -> QuerySet:
    return (
        Project.objects.restrict(request.user, "view")
        .filter(is_aggregate=False)
        .select_related("zone", "sector")
        .prefetch_related("investors")
        .order_by("stage_since", "name")
    )


def board_context(request: HttpRequest, errors: dict | None = None) -> dict[str, Any]:
    """Columns of cards, each card knowing where it can go and whether the user may move it."""
    by_stage: dict[str, list] = {stage: [] for stage in (*PIPELINE, *EXITS)}
    may_change = Project.permits(request.user, "change", None)
    for project in board_projects(request):
        project.next_stage = next_stage(project.stage)
        project.previous_stage = previous_stage(project.stage)
        project.movable = may_change and Project.permits(request.user, "change", project)
        project.error = (errors or {}).get(project.pk)
        by_stage[project.stage].append(project)
    columns = [(s, Stage(s).label, by_stage[s]) for s in PIPELINE]
    exits = [(s, Stage(s).label, by_stage[s]) for s in EXITS]
    return {
        "columns": columns,
        "exits": exits,
        "exit_form": ExitForm(auto_id=False),
        "irc": Stage.IRC_ISSUED,
    }


class BoardView(LoginRequiredMixin, View):
    """The board; the same view answers htmx with the board alone."""

    def get(self, request: HttpRequest) -> HttpResponse:
        template = (
            "investments/partials/board.html" if is_htmx(request) else "investments/board.html"
        )
        return render(request, template, board_context(request))


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
