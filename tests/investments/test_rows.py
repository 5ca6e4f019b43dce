"""The project list's rows, written in Python (``investments.rows``), are the very HTML the
table's loop wrote: the old loop is kept here and rendered beside the new, on the view's
own rows (only the columns they show), with odd characters, missing values, thousands, in
both languages; and the list reads as many queries for 3 projects as for 30."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests.factories import ZoneFactory
from tests.investments.factories import InvestorFactory, ProjectFactory, SectorFactory
from xuctien.investments.models import Project, Stage
from xuctien.investments.views.projects import rows_of

pytestmark = pytest.mark.django_db

HERE = Path(__file__).resolve().parent
PARTIAL = HERE.parents[1] / (
    "src/xuctien/investments/templates/investments/partials/project_table.html"
)
NEW_TABLE = PARTIAL.read_text()
#: ``partials/project_table.html``'s loop before ``{% project_rows %}``.
OLD_LOOP = """      {% for project in projects %}
      <tr data-project="{{ project.pk|unlocalize }}">
        <th scope="row"><a href="{% url 'investments:project-detail' project.pk %}">{{ project.name }}</a>
          {% if project.is_synthetic %}{% include "investments/partials/synthetic.html" %}{% endif %}
          {% if project.is_aggregate %}<span class="tag">{% translate "aggregate, not counted" %}</span>{% endif %}</th>
        <td>{% for investor in project.investors.all %}<a href="{% url 'investments:investor-detail' investor.pk %}">{{ investor.name }}</a>{% if not forloop.last %}; {% endif %}{% endfor %}</td>
        <td>{{ project.vsic|default:"—" }}</td>
        <td>{% if project.zone %}{{ project.zone }}{% else %}—{% endif %}</td>
        <td>{{ project.get_stage_display }}</td>
        <td>{{ project.irc_number|default:"" }} {{ project.irc_date|date:"SHORT_DATE_FORMAT"|default:"—" }}</td>
        <td class="num">{% if project.capital_vnd is not None %}{% widthratio project.capital_vnd 1000000000 1 as billions %}{{ billions|number:0 }}{% else %}—{% endif %}</td>
        <td class="num">{{ project.jobs_planned|number }}</td>
      </tr>
      {% endfor %}"""  # noqa: E501
OLD_TABLE = "{% load l10n %}" + NEW_TABLE.replace("      {% project_rows projects %}", OLD_LOOP)

CAPITALS = [
    None,
    Decimal(0),
    Decimal("499999999.99"),
    Decimal("500000000"),
    Decimal("1234567890123.5"),
    Decimal("98765432100000000"),
]


@pytest.fixture
def projects(db):
    zone = ZoneFactory(code="KCN-Z", name_vi='KCN <Đông> & "Mai"', name_en="East & co")
    plain_zone = ZoneFactory(code="KCN-V", name_vi="KCN Việt Hưng", name_en="")
    odd_sector = SectorFactory(code="<10>", name_vi="Chế biến", name_en="Food")
    odd = InvestorFactory(name='Công ty "A&B" <Ltd>')
    made = []
    stages = list(Stage.values)
    for n in range(24):
        made.append(
            ProjectFactory(
                pk=998 + n * 37,  # some with thousands, which the page writes grouped
                name=f"Dự án <{n}> & 'x'",
                stage=stages[n % len(stages)],
                zone=(None, zone, plain_zone)[n % 3],
                sector=(odd_sector, SectorFactory(), None)[n % 3],
                is_synthetic=n % 4 == 0,
                is_aggregate=n % 5 == 0,
                capital_vnd=CAPITALS[n % len(CAPITALS)],
                jobs_planned=(None, 0, 7, 12345, 2_000_000)[n % 5],
                irc_number="" if n == 1 else f"IRC <{n}>" if n % 3 == 2 else None,
                irc_date=date(2020 + n % 5, 1 + n % 12, 1 + n % 28) if n % 2 else None,
                investors=(
                    [],
                    [odd],
                    [InvestorFactory(name="B"), odd, InvestorFactory(name="A & a")],
                )[n % 3],
            )
        )
    return made


def render(template: str, context: dict) -> str:
    return Template(template).render(Context(context))


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_rows_are_the_old_loops_html(projects, language):
    rows = rows_of(Project.objects.all()).order_by("-irc_date", "name")
    old_rows = Project.objects.select_related("sector", "zone", "owner").prefetch_related(
        "investors"
    )
    with translation.override(language):
        context = {"counted": 24, "page_obj": None}
        old = render(OLD_TABLE, {**context, "projects": old_rows.order_by("-irc_date", "name")})
        new = render(NEW_TABLE, {**context, "projects": rows})
    assert OLD_TABLE != NEW_TABLE
    assert old.count("<tr data-project") == 24
    assert 'data-project="1035"' in old  # an id, never grouped as "1.035"
    assert "&lt;Ltd&gt;" in old
    assert "tag--synthetic" in old
    assert new == old


def test_the_list_reads_as_many_queries_for_few_projects_as_for_many(client, admin_user, projects):
    client.force_login(admin_user)

    def page() -> tuple[int, int]:
        cache.clear()
        client.get("/investments/")  # what is cached, cached
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/investments/")
        return len(queries), response.content.count(b"<tr data-project")

    many, shown = page()
    assert shown == 24
    Project.objects.exclude(pk__in=[p.pk for p in projects[:3]]).delete()
    few, shown = page()
    assert shown == 3
    assert few == many


#: ``investor_list.html``'s loop before ``investor_rows``.
OLD_INVESTOR_LOOP = (
    "{% load i18n %}<tbody>{% for investor in investors %}\n"
    '    <tr><th scope="row"><a href="{% url \'investments:investor-detail\' investor.pk %}">'
    "{{ investor.name }}</a>{% if investor.is_synthetic %} "
    '{% include "investments/partials/synthetic.html" %}{% endif %}</th>\n'
    '      <td>{{ investor.other_names|join:" · "|default:"—" }}</td>'
    '<td>{{ investor.get_country_display|default:"—" }}</td>'
    '<td>{{ investor.parent_group|default:"—" }}</td></tr>\n'
    '  {% empty %}<tr><td colspan="4" class="empty">'
    '{% translate "No investor to show." %}</td></tr>{% endfor %}</tbody>'
)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_investor_rows_are_the_old_loops_html(client, promoter, language):
    from xuctien.investments.models import Investor

    InvestorFactory(name="A & <B> Co", country="JP", name_ja="株式会社 <A>", parent_group="G & H")
    InvestorFactory(name="Plain", country="", parent_group="", is_synthetic=True)
    InvestorFactory(name="Zeta", country="KR", name_zh="甲", name_ko="을", name_ja="")
    for investor in Investor.objects.all():
        ProjectFactory(stage=Stage.OPERATING, irc_date=date(2022, 1, 1), investors=[investor])
    client.force_login(promoter)
    page = client.get("/investments/investors/", {"lang": language}).content.decode()
    shown = Investor.objects.order_by("name")
    with translation.override(language):
        old = Template(OLD_INVESTOR_LOOP).render(Context({"investors": shown}))
    assert old.count("<tr>") == 3
    assert old in page


def test_no_investor_shows_the_empty_row(client, promoter):
    client.force_login(promoter)
    page = client.get("/investments/investors/").content.decode()
    with translation.override("vi"):
        old = Template(OLD_INVESTOR_LOOP).render(Context({"investors": []}))
    assert old in page
