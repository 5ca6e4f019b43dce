"""The pipeline board: a column per stage; cards move forward, back, or out with a reason.

Cards are dragged between columns (``static/investments/board.js``) or moved with the
buttons on each card; both post to ``MoveView``, which calls the same services. A column
shows its stage's count (counted in the database) and its largest cards (``CARDS_PER_STAGE``),
with a link to the project list filtered by the stage for every card; the board reads a fixed
number of queries however many projects the pipeline holds (decision record 0026).
"""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections
from django.db.models import F
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from xuctien.core.conflicts import conflict_message
from xuctien.core.models import Zone
from xuctien.investments import aggregates as pipeline_aggregates
from xuctien.investments import counting, services
from xuctien.investments.cards import Card
from xuctien.investments.filtersets import filtered_projects, unfiltered
from xuctien.investments.forms import ExitForm, MoveForm
from xuctien.investments.models import Investor, LeadRoute, Project, Stage
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


#: Cards shown per column; "see all" leads to the list filtered by the stage.
CARDS_PER_STAGE = 10


def _movable_ids(request: HttpRequest, cards: list[Card]) -> set[int]:
    """The cards the user may move, asked in one query for all of them."""
    if not cards or not Project.permits(request.user, "change", None):
        return set()
    changeable = Project.objects.restrict(request.user, "change")
    return set(changeable.filter(pk__in=[c.pk for c in cards]).values_list("pk", flat=True))


def _card(card: Card, movable: set[int], errors: dict) -> Card:
    card.next_stage = next_stage(card.stage)
    card.previous_stage = previous_stage(card.stage)
    card.movable = card.pk in movable
    card.error = errors.get(card.pk)
    amount = card.capital_vnd or card.expected_capital_vnd
    card.amount_billion = amount / BILLION if amount is not None else None
    return card


def largest_first(projects: Any) -> Any:
    """The projects by their capital, registered or else expected, largest first (a project
    without an amount last), then by name: what a promoter looks after first. PostgreSQL
    reads this order from an index (migration 0011_board_card_indexes): keep them alike."""
    amount = Coalesce("capital_vnd", "expected_capital_vnd")
    return projects.order_by(amount.desc(nulls_last=True), "name", "pk")


#: What a card shows of its project (``investments.cards.Card``), read as values with its
#: zone's names: a national board reads over a hundred cards, and every column of a project
#: and its sector and owner cost a third of the page, a model instance per card ~10 µs.
CARD_FIELDS = (
    "id",
    "name",
    "stage",
    "version",
    "is_synthetic",
    "capital_vnd",
    "expected_capital_vnd",
    "zone_id",
)
#: What a card shows of its zone, read with it: the names of ``core.Zone``'s ``Bilingual``.
ZONE_FIELDS = ("name_vi", "name_en")
#: The zone's names as the cards' rows name them.
_ZONE_COLUMNS = {f"zone_{name}": F(f"zone__{name}") for name in ZONE_FIELDS}


class _Cards:
    """Cards made from rows of ``CARD_FIELDS`` and ``_ZONE_COLUMNS``, each zone made once
    however many cards it has."""

    def __init__(self, db: str) -> None:
        self.db = db
        self.zones: dict[tuple, Zone] = {}

    def card(self, row: dict[str, Any], investor_names: list[str] | None = None) -> Card:
        zone = None
        if row["zone_id"] is not None:
            values = (row["zone_id"], *(row[name] for name in _ZONE_COLUMNS))
            zone = self.zones.get(values)
            if zone is None:
                zone = self.zones[values] = Zone.from_db(self.db, ["id", *ZONE_FIELDS], values)
        return Card(
            pk=row["id"],
            name=row["name"],
            stage=row["stage"],
            version=row["version"],
            is_synthetic=row["is_synthetic"],
            capital_vnd=row["capital_vnd"],
            expected_capital_vnd=row["expected_capital_vnd"],
            zone=zone,
            investor_names=investor_names or [],
        )


def top_cards(
    projects: Any, stages: tuple[str, ...], together: bool | None = None
) -> dict[str, list[Card]]:
    """Per stage, its ``CARDS_PER_STAGE`` largest projects, each with its investors' names.
    On PostgreSQL (``together``) every stage's cards and their investors' names come in one
    query (``_together``); elsewhere a query per stage, then one for the names. Both give
    the very same cards (``tests/investments/test_board.py``)."""
    projects = projects.prefetch_related(None).select_related(None)
    if together is None:
        together = connections[projects.db].vendor == "postgresql"
    if together and len(stages) > 1:
        return _together(projects, stages)
    made = _Cards(projects.db)
    rows = largest_first(projects.annotate(**_ZONE_COLUMNS))
    rows = rows.values(*CARD_FIELDS, *_ZONE_COLUMNS)
    cards = {s: [made.card(row) for row in rows.filter(stage=s)[:CARDS_PER_STAGE]] for s in stages}
    _investor_names([card for column in cards.values() for card in column])
    return cards


#: Stands for the stage in the one sub-select ``_together`` has Django write.
_STAGE = "(board: any stage)"


def _together(projects: Any, stages: tuple[str, ...]) -> dict[str, list[Card]]:
    """The cards of every stage in one query: a ``UNION ALL`` of a sub-select per stage, each
    with its own order and limit (each read from the board's index), ordered again as a
    whole (a union keeps no order of its parts: a parallel plan may interleave them).

    Django writes the sub-select once, for a stand-in stage, and it is repeated with each
    stage as its parameter: writing a sub-select cost ~1 ms of CPU (the person's visibility
    rules, the filters), a dozen of them more than the database spent on the whole board.
    A card's zone comes with it, as its names (a ``select_related`` would repeat the
    columns' names, which a union read as rows of one table cannot tell apart), and its
    investors' names as an array read for the hundred-odd cards alone: a query of its own
    cost a national board ~2 ms, mostly in writing and binding a parameter per card."""
    named = largest_first(projects.annotate(**_ZONE_COLUMNS))
    named = named.values(*CARD_FIELDS, *_ZONE_COLUMNS)
    sql, params = named.filter(stage=_STAGE)[:CARDS_PER_STAGE].query.sql_with_params()
    where = [n for n, value in enumerate(params) if value == _STAGE]
    if len(where) != 1:  # the stand-in is not the stage alone: a sub-select per stage
        parts = [named.filter(stage=s)[:CARDS_PER_STAGE].query.sql_with_params() for s in stages]
    else:
        n = where[0]
        parts = [(sql, (*params[:n], stage, *params[n + 1 :])) for stage in stages]
    union = " UNION ALL ".join(
        f"SELECT * FROM ({sql}) AS stage_{k}" for k, (sql, _) in enumerate(parts)
    )
    order = "COALESCE(capital_vnd, expected_capital_vnd) DESC NULLS LAST, name, id"
    connection = connections[projects.db]
    arrays = connection.vendor == "postgresql"  # elsewhere (tests) the names come after
    names = _investor_names_sql(connection) if arrays else "NULL"
    sql = f"SELECT *, {names} FROM ({union}) AS cards ORDER BY {order}"
    cards: dict[str, list[Card]] = {s: [] for s in stages}
    made = _Cards(projects.db)
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for _sql, values in parts for value in values])
        columns = [column[0] for column in cursor.description][:-1]
        for *row, investor_names in cursor.fetchall():
            card = made.card(dict(zip(columns, row, strict=True)), investor_names)
            cards[card.stage].append(card)
    if not arrays:
        _investor_names([card for column in cards.values() for card in column])
    return cards


def _investor_names_sql(connection: Any) -> str:
    """A card's investors' names in their order (name, id), for ``_together``'s ``cards``:
    an array, as PostgreSQL writes it."""
    q = connection.ops.quote_name
    field = Project._meta.get_field("investors")
    links, investors = field.remote_field.through._meta.db_table, Investor._meta.db_table
    project, investor = field.m2m_column_name(), field.m2m_reverse_name()
    return (
        f"ARRAY(SELECT i.{q('name')} FROM {q(links)} AS l JOIN {q(investors)} AS i"
        f" ON i.{q('id')} = l.{q(investor)} WHERE l.{q(project)} = cards.{q('id')}"
        f" ORDER BY i.{q('name')}, i.{q('id')})"
    )


def _investor_names(cards: list[Card]) -> None:
    """Each card's ``investor_names``, in the investors' order (name, id), read as names in
    one query: a prefetch built a manager and an investor for each of the hundred cards."""
    names: dict[int, list[str]] = {card.pk: [] for card in cards}
    if names:
        links = Project.investors.through.objects.filter(project_id__in=list(names))
        links = links.order_by("investor__name", "investor__id")
        for pk, name in links.values_list("project_id", "investor__name"):
            names[pk].append(name)
    for card in cards:
        card.investor_names = names[card.pk]


def see_all_url(request: HttpRequest, stage: str) -> str:
    """The project list with the board's filters and this stage: every card of the column."""
    query = request.GET.copy()
    for name in ("stage", "page"):
        query.pop(name, None)
    query["stage"] = stage
    return f"{reverse('investments:project-list')}?{query.urlencode()}"


def _unfiltered_counts(request: HttpRequest, filterset: Any) -> dict[str, int] | None:
    """The board's counts without a filter: each stage's count of the projects the person
    sees, from the pipeline's cached aggregates (the analytics' funnel counts them alike);
    None when a filter is set or the aggregates are not cached for the person."""
    if not unfiltered(filterset):
        return None
    return pipeline_aggregates.cached_at_stage(request.user)


def board_context(request: HttpRequest, errors: dict | None = None) -> dict[str, Any]:
    """Columns of the largest cards with every stage's count, each card knowing where it can
    go and whether the user may move it. Queries: the cards with their investors' names
    (one; off PostgreSQL one per stage and one for the names), who may move them; the
    counts when a filter is set, else the cached counts' generations."""
    filterset = board_filter(request)
    counts = _unfiltered_counts(request, filterset) or counting.at_stage(filterset.qs)
    by_stage = top_cards(filterset.qs, (*PIPELINE, *EXITS))
    shown = [card for column in by_stage.values() for card in column]
    movable = _movable_ids(request, shown)
    for card in shown:
        _card(card, movable, errors or {})

    def column(stage: str) -> dict[str, Any]:
        cards = by_stage[stage]
        return {
            "stage": stage,
            "label": Stage(stage).label,
            "cards": cards,
            "count": counts[stage],
            "more": counts[stage] - len(cards),
            "see_all": see_all_url(request, stage),
        }

    return {
        "filter": filterset,
        "columns": [column(s) for s in PIPELINE],
        "exits": [column(s) for s in EXITS],
        "exit_form": ExitForm(auto_id=False),
        "exit_stages": [(s, Stage(s).label) for s in EXITS],
        "irc": Stage.IRC_ISSUED,
        "total": sum(counts.values()),
        "per_stage": CARDS_PER_STAGE,
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
