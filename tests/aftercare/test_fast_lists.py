"""The request list's rows written in Python and the API list written by
``FastListSerializer`` are what the template and DRF wrote, and a national reader's
unfiltered list is counted from the cache, right after a request is added or deleted."""

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import Prefetch
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from tests.aftercare.test_queries import requests
from tests.factories import AgencyFactory, UserFactory
from xuctien.aftercare import counts
from xuctien.aftercare.api.serializers import RequestSerializer
from xuctien.aftercare.models import Assignment, Rating, Request, RequestEvent
from xuctien.core.roles import Role

pytestmark = pytest.mark.django_db

#: The request list's rows as ``aftercare/request_list.html`` wrote them before ``rows``.
TEMPLATE_ROWS = (
    "{% load i18n aftercare_tags l10n %}"
    """  <tbody>{% for req in requests %}
    <tr data-request="{{ req.pk|unlocalize }}">
      <th scope="row"><a href="{% url 'aftercare:request-detail' req.pk %}">#{{ req.pk|unlocalize }} {{ req.title }}</a>
        {% if req.is_synthetic %}<span class="tag">{% translate "synthetic" %}</span>{% endif %}</th>
      <td>{{ req.enterprise }}</td>
      <td>{{ req.get_category_display }}</td>
      <td>{{ req.received_on|date:"d/m/Y" }}</td>
      <td>{% for a in req.assignments.all %}{% if a.round == req.round %}{{ a.agency }}: {{ a.deadline|date:"d/m/Y" }}{% if a.is_open and a.deadline < today %} <strong>{% translate "late" context "past its deadline, not done" %}</strong>{% endif %}<br>{% endif %}{% empty %}—{% endfor %}</td>
      <td>{% request_status req.status %}{% if req.escalation != "none" %} {% escalation_badge req.escalation %}{% endif %}</td>
    </tr>
  {% endfor %}</tbody>"""  # noqa: E501
)
PYTHON_ROWS = "{% load aftercare_tags %}  <tbody>{% request_rows requests today %}</tbody>"


def varied() -> None:
    """Requests of every shape the rows show: synthetic or not, escaped text, each status and
    escalation, no assignment, an older round's, a late one, a withdrawn one, ratings and
    events (large ids, written with a thousands separator)."""
    requests(4, 0)
    agency = AgencyFactory(code="S<&>", name_vi='Sở "A" & <B>', name_en="Dept 'A' & <B>")
    statuses = ["received", "assigned", "in_progress", "answered", "closed", "reopened"]
    escalations = ["none", "secretariat", "leadership"]
    first = Request.objects.exclude(province__code="HP").first()  # the secretariat's
    for n, status in enumerate(statuses * 2):
        request = Request.objects.create(
            pk=12345 + n,
            enterprise=first.enterprise,
            province=first.province,
            category=["land", "customs_tax", "other"][n % 3],
            title=f"<script>\"{n}\" & 'x'</script>",
            description="Mô tả <b>",
            received_on=date(2025, 3, 3) + timedelta(days=n),
            status=status,
            escalation=escalations[n % 3],
            escalated_on=date(2025, 4, 1) if n % 3 else None,
            round=1 + n % 2,
            is_synthetic=bool(n % 2),
        )
        for k in range(n % 4):
            Assignment.objects.create(
                request=request,
                agency=agency,
                round=1 + k % 2,
                assigned_on=request.received_on,
                working_days=5,
                deadline=date(2025, 3, 10) + timedelta(days=40 * k),
                answered_on=date(2025, 3, 9) if k == 2 else None,
                withdrawn=k == 1 and n % 4 == 3,
            )
        RequestEvent.objects.create(request=request, kind="received", on=request.received_on)
        if n % 3 == 1:
            Rating.objects.create(request=request, round=1, score=n % 5 + 1, rated_on=date.today())


def listed():  # type: ignore[no-untyped-def]
    """The list page's queryset (``RequestListView.get_queryset``)."""
    current = Assignment.objects.filter(withdrawn=False).select_related("agency")
    return Request.objects.select_related("enterprise").prefetch_related(
        Prefetch("assignments", current)
    )


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_rows_are_the_template_s_character_for_character(language):
    varied()
    today = date(2025, 4, 15)
    with translation.override(language):
        old = Template(TEMPLATE_ROWS).render(Context({"requests": listed(), "today": today}))
        new = Template(PYTHON_ROWS).render(Context({"requests": listed(), "today": today}))
    # a request's number is an id: never grouped as "#12.345", in the text or the attribute
    assert 'data-request="12345"' in old
    assert "#12345 " in old
    assert "&lt;script&gt;" in old
    assert "badge--" in old
    assert "<strong>" in old
    assert new == old


@pytest.mark.parametrize("user", ["secretariat", "national"])
def test_the_list_page_shows_the_template_s_rows(client, secretariat, user):
    varied()
    if user == "national":
        secretariat = UserFactory(username="quocgia", role=Role.NATIONAL)
    client.force_login(secretariat)
    response = client.get(reverse("aftercare:request-list"))
    rows, today = list(response.context["requests"]), response.context["today"]
    assert len(rows) > 10
    # the old way: each request's current assignments prefetched by Django into the manager
    by_pk = listed().in_bulk([row.pk for row in rows])
    rows = [by_pk[row.pk] for row in rows]
    assert Assignment.objects.filter(withdrawn=True, request__in=rows).exists()
    old = Template(TEMPLATE_ROWS).render(Context({"requests": rows, "today": today}))
    assert old.strip() in response.content.decode()


def test_the_api_list_is_drf_s_json_byte_for_byte():
    varied()
    rows = list(Request.objects.prefetch_related("assignments", "events", "ratings"))
    fast = RequestSerializer(rows, many=True).data
    slow = serializers.ListSerializer(rows, child=RequestSerializer()).data
    assert any(row["ratings"] for row in slow)
    assert any(row["escalated_on"] for row in slow)
    assert JSONRenderer().render(fast) == JSONRenderer().render(slow)


@pytest.mark.parametrize("role", [Role.NATIONAL, Role.SECRETARIAT])
def test_each_row_of_the_api_list_is_the_request_s_own_answer(role, secretariat):
    varied()
    api = APIClient()
    api.force_authenticate(
        UserFactory(username="quocgia", role=role) if role == Role.NATIONAL else secretariat
    )
    listed_rows = api.get("/api/v1/aftercare/requests/", {"limit": 500}).json()["results"]
    assert len(listed_rows) == (16 if role == Role.SECRETARIAT else 20)
    for row in listed_rows:
        one = api.get(f"/api/v1/aftercare/requests/{row['id']}/")
        assert JSONRenderer().render(one.json()) == JSONRenderer().render(row)


def test_the_national_count_follows_every_added_and_deleted_request(client):
    requests(3, 0)
    cache.clear()
    api = APIClient()
    api.force_authenticate(UserFactory(username="quocgia", role=Role.NATIONAL))
    client.force_login(UserFactory(username="quocgia2", role=Role.NATIONAL))
    url = "/api/v1/aftercare/requests/"
    assert api.get(url).json()["count"] == 6
    with CaptureQueriesContext(connection) as captured:
        assert api.get(url).json()["count"] == 6
    assert not [q for q in captured if 'COUNT(*) AS "__count" FROM "aftercare_request"' in q["sql"]]
    first = Request.objects.first()
    Request.objects.create(
        enterprise=first.enterprise,
        province=first.province,
        category="land",
        title="Thêm",
        description="…",
    )
    assert counts.every_request() == 7
    assert api.get(url).json()["count"] == 7
    page = client.get(reverse("aftercare:request-list"))
    assert page.context["paginator"].count == 7
    Request.objects.filter(title="Thêm").delete()
    assert api.get(url).json()["count"] == 6
    assert client.get(reverse("aftercare:request-list")).context["paginator"].count == 6
    # a filtered list is counted by the database
    assert api.get(url, {"category": "customs_tax"}).json()["count"] == 0


def test_a_filtered_or_narrowed_list_is_not_counted_from_the_cache():
    requests(2, 0)
    everything = Request.objects.all()
    assert type(counts.counted(everything)) is not type(everything)
    for narrowed in (
        everything.filter(category="land"),
        everything.distinct(),
        everything[:1],
        Request.objects.none(),
    ):
        assert counts.counted(narrowed) is narrowed


#: An answer scorecard's rows as ``aftercare/partials/scorecard_table.html`` wrote them.
TEMPLATE_SCORES = (
    "{% load xuctien l10n %}"
    """  <tbody>{% for s in scores %}
    <tr data-agency="{{ s.agency_id|unlocalize }}"><th scope="row">{{ s.agency }}</th><td>{{ s.period }}</td>
      <td class="num">{{ s.assigned }}</td><td class="num">{{ s.on_time }}</td><td class="num">{{ s.late }}</td>
      <td class="num">{{ s.overdue }}</td><td class="num" data-figure="on-time-rate">{{ s.on_time_rate|percent:1 }}</td>
      <td class="num" data-figure="average-rating">{{ s.average_rating|number }}{% if s.rated %} <span class="muted">({{ s.rated }})</span>{% endif %}</td></tr>
  {% endfor %}</tbody>"""  # noqa: E501
)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_score_rows_are_the_template_s_character_for_character(language):
    from xuctien.aftercare.scorecard import Score

    scores = [
        Score(1234, 'Sở "A" & <B>', "Q1 2025", 1200, 1000, 150, 50, 3, 7, 29),
        Score(5, "Sở Công Thương", "2025", 0, 0, 0, 0, 4, 0, 0),
        Score(6, "Sở Tài chính", "Q3", 3, 1, 1, 1, 0, 3, 10),
    ]
    with translation.override(language):
        context = Context({"scores": scores})
        old = Template(TEMPLATE_SCORES).render(context)
        new = Template("{% load aftercare_tags %}  <tbody>{% score_rows scores %}</tbody>").render(
            context
        )
    assert "&quot;A&quot; &amp; &lt;B&gt;" in old
    assert "muted" in old
    assert "%" in old
    assert new == old


@pytest.mark.parametrize("language", ["vi", "en"])
def test_repeated_and_odd_values_are_written_as_the_template_wrote_each(language):
    """``score_rows`` writes each distinct value once: equal values of other types or
    exponents, ints about the thousands' separator and either sign are still each written
    as the template wrote them."""
    import random
    from decimal import Decimal
    from types import SimpleNamespace

    generator = random.Random(5)
    ints = [0, 1, -1, 7, 999, -999, 1000, -1000, 12345, 1234567, True, False]
    figures = [
        None,
        0,
        5,
        Decimal("4.5"),
        Decimal("4.50"),
        Decimal("4"),
        Decimal("66.7"),
        Decimal("100.0"),
        Decimal("0.00"),
        4.5,
        1000,
        Decimal("1234.5"),
        "x<y",
    ]
    names = ["Sở A", "Sở A", 'Sở "B" & <C>', "", 5, "1000"]
    scores = [
        SimpleNamespace(
            agency_id=generator.choice(ints),
            agency=generator.choice(names),
            period=generator.choice(["2025-Q1", "2025", 2025]),
            assigned=generator.choice(ints),
            on_time=generator.choice(ints),
            late=generator.choice(ints),
            overdue=generator.choice(ints),
            on_time_rate=generator.choice(figures),
            average_rating=generator.choice(figures),
            rated=generator.choice(ints),
        )
        for _ in range(300)
    ]
    with translation.override(language):
        context = Context({"scores": scores})
        old = Template(TEMPLATE_SCORES).render(context)
        new = Template("{% load aftercare_tags %}  <tbody>{% score_rows scores %}</tbody>").render(
            context
        )
    assert ("1.000" if language == "vi" else "1,000") in old  # a thousands' separator
    assert "&lt;C&gt;" in old
    assert new == old


def test_the_scorecard_page_shows_the_template_s_rows(client):
    requests(3, 0)
    client.force_login(UserFactory(username="quocgia", role=Role.NATIONAL))
    response = client.get(reverse("aftercare:scorecard"), {"year": 2025})
    page = response.content.decode()
    for key in ("scores", "totals"):
        scores = list(response.context[key])
        assert scores
        assert Template(TEMPLATE_SCORES).render(Context({"scores": scores})).strip() in page


#: An early-warning section's rows as ``aftercare/warnings.html`` wrote them.
TEMPLATE_WARNINGS = (
    "{% load i18n l10n %}"
    """    <tbody>{% for flag in section.flags %}
      <tr data-project="{{ flag.project.pk|unlocalize }}"><th scope="row"><a href="{% url 'investments:project-detail' flag.project.pk %}">{{ flag.project.name }}</a>
        {% if flag.project.is_synthetic %}<span class="tag">{% translate "synthetic" %}</span>{% endif %}</th>
        <td>{{ flag.project.get_stage_display }}</td>
        <td data-reason="{{ flag.reason.code }}">{{ flag.reason.text }}</td></tr>
    {% endfor %}</tbody>"""  # noqa: E501
)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_warning_rows_are_the_template_s_character_for_character(client, language):
    from xuctien.investments.models import Project

    requests(6, 0)
    Project.objects.filter(pk=Project.objects.first().pk).update(
        name='Nhà máy "A" & <B>', is_synthetic=True
    )
    client.force_login(UserFactory(username="quocgia", role=Role.NATIONAL))
    client.cookies["xt_language"] = language
    response = client.get(reverse("aftercare:warnings"))
    page = response.content.decode()
    sections = [section for section in response.context["sections"] if section.flags]
    assert sections
    assert "&quot;A&quot; &amp; &lt;B&gt;" in page
    new = "{% load aftercare_tags %}    <tbody>{% warning_rows section.flags %}</tbody>"
    for section in sections:
        with translation.override(language):
            old = Template(TEMPLATE_WARNINGS).render(Context({"section": section}))
            assert Template(new).render(Context({"section": section})) == old
        assert old in page


def test_a_request_s_ratings_and_events_are_listed_in_their_own_order():
    """The list reads each request's ratings ordered by their round alone
    (``fast._grouped``: the model's ``request`` term is the same within a request): the
    same order as a single request's ``prefetch_related``, which joins the requests."""
    varied()
    api = APIClient()
    api.force_authenticate(UserFactory(username="quocgia", role=Role.NATIONAL))
    some = list(Request.objects.filter(ratings__isnull=True).order_by("pk")[:3])
    for request in some:  # created out of their order, and the ids against it
        for round_ in (3, 1, 2):
            Rating.objects.create(
                request=request, round=round_, score=round_, rated_on=date(2025, 5, round_)
            )
        for day in (9, 2, 5):
            RequestEvent.objects.create(request=request, kind="note", on=date(2025, 5, day))
    listed_rows = api.get("/api/v1/aftercare/requests/", {"limit": 500}).json()["results"]
    for row in listed_rows:
        one = api.get(f"/api/v1/aftercare/requests/{row['id']}/").json()
        assert JSONRenderer().render(one) == JSONRenderer().render(row)
    rounds = [
        [r["round"] for r in row["ratings"]]
        for row in listed_rows
        if row["id"] in {request.pk for request in some}
    ]
    assert rounds == [[1, 2, 3]] * 3


def test_a_national_reader_s_page_is_kept_until_a_request_or_its_lists_change():
    """The national reader's unfiltered page is kept as written (``counts.national_page``):
    read again without a query on requests, and written anew after any write to a request,
    an assignment, an event or a rating, in any province."""
    varied()
    cache.clear()
    api = APIClient()
    api.force_authenticate(UserFactory(username="quocgia", role=Role.NATIONAL))
    url = "/api/v1/aftercare/requests/"
    first = api.get(url, {"limit": 500}).json()
    with CaptureQueriesContext(connection) as captured:
        assert api.get(url, {"limit": 500}).json() == first
    assert not [q for q in captured if '"aftercare_' in q["sql"]]

    def entry() -> dict:
        listed_rows = api.get(url, {"limit": 500}).json()["results"]
        return next(row for row in listed_rows if row["id"] == 12345)

    request = Request.objects.get(pk=12345)
    agency = AgencyFactory(code="NEW")
    RequestEvent.objects.create(request=request, kind="received", on=date(2025, 5, 5))
    assert len(entry()["events"]) == 2
    Rating.objects.create(request=request, round=2, score=4, rated_on=date(2025, 5, 6))
    assert [r["score"] for r in entry()["ratings"]] == [4]
    assignment = Assignment.objects.create(
        request=request,
        agency=agency,
        round=1,
        assigned_on=date(2025, 5, 7),
        working_days=5,
        deadline=date(2025, 5, 14),
    )
    assert [a["agency"] for a in entry()["assignments"]] == [agency.pk]
    assignment.answered_on = date(2025, 5, 8)
    assignment.save()
    assert entry()["assignments"][0]["answered_on"] == "2025-05-08"
    request.title = "Mới"
    request.save()
    assert entry()["title"] == "Mới"
    Rating.objects.filter(request=request).delete()
    assert entry()["ratings"] == []

    # what the page would be, written afresh; the links are the asking request's own
    cache.clear()
    assert api.get(url, {"limit": 500}).json() == api.get(url, {"limit": 500}).json()
    page = api.get(url, {"limit": 5, "offset": 5}).json()
    assert page["next"].endswith("?limit=5&offset=10")
    assert page["previous"].endswith("?limit=5")
    assert len(page["results"]) == 5


def test_a_filtered_or_narrowed_api_list_is_read_as_asked():
    requests(2, 0)
    cache.clear()
    api = APIClient()
    api.force_authenticate(UserFactory(username="quocgia", role=Role.NATIONAL))
    url = "/api/v1/aftercare/requests/"
    api.get(url)
    with CaptureQueriesContext(connection) as captured:
        api.get(url, {"category": "land"})
    assert [q for q in captured if 'FROM "aftercare_request"' in q["sql"]]
