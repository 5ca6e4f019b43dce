"""The filter component: multi-selects the script enhances, and yes/no filters reading "All"."""

import pytest
from django.urls import reverse

from tests.factories import AgencyFactory, UserFactory
from tests.investments.factories import InvestorFactory, ProjectFactory
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
