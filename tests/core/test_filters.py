"""The filter component: multi-selects the script enhances, and yes/no filters reading "All"."""

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from tests.factories import AgencyFactory, UserFactory
from tests.investments.factories import InvestorFactory, ProjectFactory
from xuctien.core import filters
from xuctien.core.models import Agency
from xuctien.core.roles import Role
from xuctien.investments.filtersets import ProjectFilterSet
from xuctien.investments.models import Project, Stage


@pytest.fixture
def promoter(db):
    board = AgencyFactory(code="BQLKKT", name_vi="Ban Quản lý KKT", kind=Agency.Kind.BOARD)
    return UserFactory(username="xuctien", role=Role.AGENCY, agency=board)


@pytest.mark.parametrize(
    ("page", "fields"),
    [
        ("investments:project-list", ["stage", "country", "investor"]),
        ("investments:board", ["country", "investor"]),
        ("actions:task-list", ["status"]),
        ("aftercare:request-list", ["category", "status"]),
        ("investments:investor-list", ["country"]),
    ],
)
def test_every_multi_select_of_a_filter_form_is_the_searchable_one(
    client, secretariat, page, fields
):
    client.force_login(secretariat)
    html = client.get(reverse(page)).content.decode()
    for name in fields:
        assert f'name="{name}"' in html
        assert html.count(f'name="{name}"') == 1
    assert html.count("data-multiselect") >= len(fields)
    assert 'data-all-label="Tất cả"' in html
    assert "js/multiselect.js" in html


def test_the_fdi_filter_offers_all_rather_than_unknown(client, promoter):
    client.force_login(promoter)
    field = client.get(reverse("investments:project-list")).context["filter"].form["fdi"]
    assert [str(label) for _value, label in field.field.widget.choices] == [
        "Tất cả",
        "Nước ngoài (FDI)",
        "Trong nước",
    ]


def test_the_fdi_filter_still_narrows_to_yes_or_no(db):
    foreign = ProjectFactory(name="A", fdi=True)
    domestic = ProjectFactory(name="B", fdi=False)
    base = Project.objects.all()
    assert list(ProjectFilterSet({"fdi": "true"}, queryset=base).qs) == [foreign]
    assert list(ProjectFilterSet({"fdi": "false"}, queryset=base).qs) == [domestic]
    assert set(ProjectFilterSet({"fdi": ""}, queryset=base).qs) == {foreign, domestic}


def test_the_investor_filter_takes_several_and_lists_only_visible_investors(client, developer):
    mine = InvestorFactory(name="Mine Co.")
    theirs = InvestorFactory(name="Secret Co.")
    ProjectFactory(name="Own", stage=Stage.LEAD, zone=developer.zone, investors=[mine])
    ProjectFactory(name="Confidential lead", stage=Stage.LEAD, investors=[theirs])
    client.force_login(developer)
    response = client.get(reverse("investments:project-list"), {"investor": [mine.pk]})
    assert [p.name for p in response.context["projects"]] == ["Own"]
    assert "Secret Co." not in response.content.decode()


# --- Options written in Python, as Django's templates write them ---------------------------

CHOICES = [
    ("", "All"),
    (1, "Khu kinh tế Vân Đồn"),
    ("b", 'Tom & Jerry <"quoted">'),
    (
        "Group <1>",
        [("g1", "Inside a group"), (7, mark_safe("<b>safe</b>"))],
    ),
    ("z", gettext_lazy("Search")),
    (None, 12345),  # a number is written localised, a missing value as ""
    ("b", "The same value again: only the first is selected in a single select"),
    ("", [("e1", "A group without a name")]),
]


@pytest.mark.parametrize(
    ("fast", "stock", "value"),
    [
        (filters.Select, forms.Select, 1),
        (filters.Select, forms.Select, "b"),
        (filters.Select, forms.Select, None),
        (filters.MultiSelect, forms.SelectMultiple, ["g1", 7]),
        (filters.MultiSelect, forms.SelectMultiple, []),
        (filters.MultiSelect, forms.SelectMultiple, ["b", "", "e1", "12345"]),
        (filters.Select, forms.Select, ""),
        (filters.Select, forms.Select, "e1"),
    ],
)
@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_select_writes_the_very_html_of_djangos_templates(fast, stock, value, language):
    attrs = {"id": "id_zone", "required": True, "disabled": False, "data-x": 'a"b'}
    mine = fast(choices=CHOICES)
    mine.attrs = {}  # the MultiSelect's own attributes are compared below
    theirs = stock(choices=CHOICES)

    with translation.override(language):
        assert mine.render("zone", value, attrs) == theirs.render("zone", value, attrs)


def test_the_multi_select_keeps_its_own_attributes(db):
    html = filters.MultiSelect(choices=CHOICES).render("country", ["b"])

    assert "data-multiselect" in html
    assert 'data-all-label="All"' in html or 'data-all-label="Tất cả"' in html
    assert '<option value="b" selected>Tom &amp; Jerry &lt;&quot;quoted&quot;&gt;</option>' in html


def test_a_radio_list_built_on_the_fast_select_keeps_its_own_templates():
    class Radios(filters.FastOptions, forms.RadioSelect):
        pass

    choices = [("a", "A"), ("b", "B")]
    assert Radios(choices=choices).render("r", "a") == forms.RadioSelect(choices=choices).render(
        "r", "a"
    )
