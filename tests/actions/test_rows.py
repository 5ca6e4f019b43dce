"""The task list's and the overdue list's rows, written in Python (``actions.rows``), are
the very HTML the templates' loops wrote: the old loops are kept here and compared."""

from datetime import date

import pytest
from django.template import Context, Template
from django.utils import translation

from tests.actions.factories import TaskFactory
from xuctien.actions import rows
from xuctien.actions.models import Occurrence, Status, Task, TaskGroup

pytestmark = pytest.mark.django_db

#: ``task_list.html``'s loop before ``{% task_rows %}``.
TASK_LOOP = """{% load i18n action_tags l10n %}  {% for task in task_list %}
    <tr data-task="{{ task.pk|unlocalize }}">
      <th scope="row"><a href="{% url 'actions:task-detail' task.pk %}">{{ task.title }}</a>
        {% if task.is_reference %}<span class="tag">{% translate "reference" %}</span>{% endif %}
        {% if task.is_synthetic %}<span class="tag">{% translate "synthetic" %}</span>{% endif %}
        {% if task.group %}<br><span class="muted" lang="vi">{{ task.group }}</span>{% endif %}</th>
      <td>{{ task.lead_agency }}</td>
      <td lang="vi">{{ task.deadline|date:"d/m/Y"|default:task.deadline_as_published }}</td>
      <td>{{ task.get_recurrence_display }}</td>
      <td class="num">{{ task.percent }}%</td>
      <td>{% task_status task.status %}</td>
    </tr>
  {% endfor %}
"""
TASK_TAG = "{% load action_tags %}  {% task_rows task_list %}\n"

#: ``overdue.html``'s loop before ``{% overdue_rows %}``.
OVERDUE_LOOP = """{% load i18n l10n %}<tbody>{% for o in occurrences %}
    <tr><th scope="row"><a href="{% url 'actions:task-detail' o.task_id %}">{{ o.task.title }}</a></th><td>{{ o.task.lead_agency }}</td>
      <td>{{ o.period_label|default:"—" }}</td><td>{{ o.due_date|date:"d/m/Y" }}</td><td class="num">{{ o.late_by }}</td><td class="num">{{ o.percent }}%</td></tr>
  {% endfor %}</tbody>"""  # noqa: E501
OVERDUE_TAG = "{% load action_tags %}<tbody>{% overdue_rows occurrences %}</tbody>"


def render(source: str, **context: object) -> str:
    return Template(source).render(Context(context))


@pytest.fixture
def varied(agency, other_agency):
    """Tasks with every variation a row shows: marks, group, no deadline, each status."""
    group = TaskGroup.objects.create(
        province=agency.province, plan="KH 1", number="II", name_vi='Đất <đai> & "hạ tầng"'
    )
    made = [
        TaskFactory(lead_agency=agency, title_vi="A <b>&</b> 'x'", title_en="Eng & co"),
        TaskFactory(lead_agency=other_agency, is_reference=True, is_synthetic=False),
        TaskFactory(lead_agency=agency, group=group, recurrence="quarterly", percent=45),
        TaskFactory(lead_agency=agency, deadline=None, deadline_as_published="Quý <IV>/2025 & sau"),
        TaskFactory(lead_agency=agency, deadline=date(2031, 1, 9), is_synthetic=False),
        TaskFactory(pk=12345, lead_agency=agency),  # an id of five digits, never grouped
    ]
    for task, status in zip(made, [*Status.values, "unknown"], strict=False):
        Task.objects.filter(pk=task.pk).update(status=status)
    return list(Task.objects.select_related("lead_agency", "group").order_by("pk"))


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_task_rows_are_the_loop_s(varied, language):
    with translation.override(language):
        old = render(TASK_LOOP, task_list=varied)
        new = render(TASK_TAG, task_list=varied)
    assert new == old
    title = "Eng &amp; co" if language == "en" else "A &lt;b&gt;&amp;&lt;/b&gt; &#x27;x&#x27;"
    assert title in new
    assert "Quý &lt;IV&gt;/2025 &amp; sau" in new
    assert '<tr data-task="12345">' in new


def test_every_status_badge_is_the_inclusion_tag_s(varied):
    for status in [*Status.values, "", None, "unknown"]:
        old = render("{% load action_tags %}{% task_status s %}", s=status)
        assert rows.badge(status) == old


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_overdue_rows_are_the_loop_s(varied, language):
    occurrences = list(Occurrence.objects.select_related("task", "task__lead_agency"))
    occurrences[0].period_label = "Q1 <2025>"
    occurrences[1].due_date = None
    for n, occurrence in enumerate(occurrences):
        occurrence.late_by = None if n == 1 else 1000 * n + 3
    with translation.override(language):
        old = render(OVERDUE_LOOP, occurrences=occurrences)
        new = render(OVERDUE_TAG, occurrences=occurrences)
    assert new == old
    assert "Q1 &lt;2025&gt;" in new
    assert "—" in new


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_overdue_rows_read_as_values_are_the_models(varied, language):
    """The overdue page reads its rows as plain values (``overdue.rows``): the same HTML as
    the model instances the loop read, ``late_by`` as ``Occurrence.days_late``."""
    from xuctien.actions import overdue

    today = date(2031, 1, 1)
    Occurrence.objects.filter(pk=Occurrence.objects.order_by("pk")[0].pk).update(
        period_label="Q1 <2025>", completed_at=date(2030, 5, 1)
    )
    models = list(Occurrence.objects.select_related("task", "task__lead_agency").order_by("pk"))
    for occurrence in models:
        occurrence.late_by = occurrence.days_late(today)
    values = Occurrence.objects.order_by("pk").values_list(*overdue.ROW_COLUMNS)
    plain = overdue.rows(values, today)
    assert [row.late_by for row in plain] == [o.late_by for o in models]
    assert [row.task.title_vi for row in plain] == [o.task.title_vi for o in models]
    with translation.override(language):
        old = render(OVERDUE_LOOP, occurrences=models)
        new = render(OVERDUE_TAG, occurrences=plain)
    assert new == old
    assert "Q1 &lt;2025&gt;" in new


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_overdue_rows_name_agencies_and_titles_as_the_loop_in_either_language(
    varied, agency, other_agency, language
):
    """``overdue_rows`` reads the language once and writes each agency once: the same HTML
    as the loop's ``{{ o.task.title }}`` and ``{{ o.task.lead_agency }}``, with an English
    name missing, odd characters, and rows read before the language was chosen."""
    from xuctien.actions import overdue
    from xuctien.core.models import Agency

    Agency.objects.filter(pk=agency.pk).update(name_vi='Sở <"A"> & co', name_en="")
    Agency.objects.filter(pk=other_agency.pk).update(name_vi="Sở B", name_en="Dept <B> & 'b'")
    Task.objects.filter(pk=varied[2].pk).update(title_en="")
    today = date(2031, 1, 1)
    models = list(Occurrence.objects.select_related("task", "task__lead_agency").order_by("pk"))
    for occurrence in models:
        occurrence.late_by = occurrence.days_late(today)
    plain = overdue.rows(Occurrence.objects.order_by("pk").values_list(*overdue.ROW_COLUMNS), today)
    with translation.override(language):
        old = render(OVERDUE_LOOP, occurrences=models)
        assert render(OVERDUE_TAG, occurrences=models) == old
        assert render(OVERDUE_TAG, occurrences=plain) == old
    assert "Sở &lt;&quot;A&quot;&gt; &amp; co" in old
    assert ("Dept &lt;B&gt; &amp; &#x27;b&#x27;" if language == "en" else "Sở B") in old


def test_no_rows_write_nothing():
    assert render(TASK_TAG, task_list=[]) == render(TASK_LOOP, task_list=[])
    assert render(OVERDUE_TAG, occurrences=[]) == render(OVERDUE_LOOP, occurrences=[])


#: ``scorecard.html``'s loop before ``{% score_rows %}``.
SCORE_LOOP = """{% load xuctien l10n %}<tbody>{% for s in scores %}
    <tr data-agency="{{ s.agency_id|unlocalize }}"><th scope="row">{{ s.agency }}</th><td>{{ s.period }}</td>
      <td class="num"><a href="{{ s.links.due }}">{{ s.due }}</a></td>
      <td class="num"><a href="{{ s.links.on_time }}">{{ s.on_time }}</a></td>
      <td class="num"><a href="{{ s.links.late }}">{{ s.late }}</a></td>
      <td class="num"><a href="{{ s.links.overdue }}">{{ s.overdue }}</a></td>
      <td class="num"><a href="{{ s.links.open }}">{{ s.not_yet_due }}</a></td>
      <td class="num" data-figure="on-time-rate">{{ s.on_time_rate|percent:1 }}</td>
      <td class="num" data-figure="median-delay">{{ s.median_delay|number:0 }}</td></tr>
  {% endfor %}</tbody>"""  # noqa: E501
SCORE_TAG = "{% load action_tags %}<tbody>{% score_rows scores %}</tbody>"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_score_rows_are_the_loop_s(language):
    from xuctien.actions.scorecard import Score
    from xuctien.actions.views.scorecard import drill_down_links

    scores = [
        Score(1234, 'Sở <Công> & "Thương"', "2025-Q1", 2000, 1500, 3, 7, 490, [4, 9]),
        Score(7, "Ban Quản lý", "2025", 0, 0, 0, 0, 0, []),
        Score(8, "UBND", "2025-Q4", 3, 1, 1, 1, 0, [1, 2, 3, 4]),
    ]
    for score in scores:
        score.links = drill_down_links(score)
    with translation.override(language):
        old = render(SCORE_LOOP, scores=scores)
        new = render(SCORE_TAG, scores=scores)
    assert new == old
    assert "&amp;outcome=on_time" in new
    assert 'data-agency="1234"' in new  # an id, never grouped as "1.234"


def test_drill_down_links_with_the_list_s_url_given_are_the_same():
    from urllib.parse import urlencode

    from django.urls import reverse

    from xuctien.actions.scorecard import Score
    from xuctien.actions.views.scorecard import drill_down_links

    score = Score(12, "Sở", "2025-Q3")
    links = drill_down_links(score, reverse("actions:task-list"))
    assert links == drill_down_links(score)
    base = {"lead_agency": 12, "due_after": date(2025, 7, 1), "due_before": date(2025, 9, 30)}
    assert (
        links["late"] == f"{reverse('actions:task-list')}?{urlencode({**base, 'outcome': 'late'})}"
    )


@pytest.mark.parametrize("language", ["vi", "en"])
def test_numbers_are_written_as_the_template_writes_them(language):
    values = [0, 7, -5, 999, -999, 1000, -1000, 12345, 10**7, True, 2.5, None, "x<y"]
    with translation.override(language):
        for value in values:
            assert rows._text(value) == render("{{ v }}", v=value)
