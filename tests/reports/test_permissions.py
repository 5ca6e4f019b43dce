"""Every role against every write of the reports, and every read of a report.

Y: the role may do it, and the test sees it done; -: refused, and nothing done or shown.
``own`` is an officer of the Department of Industry and Trade (SCT), ``other`` of SXD.
"""

import pytest
from django.urls import reverse

from xuctien.reports import services
from xuctien.reports.models import Report

pytestmark = [pytest.mark.permissions, pytest.mark.django_db]

ROLES = ["anonymous", "admin", "secretariat", "leadership", "own", "other", "developer",
         "investor"]  # fmt: skip
MATRIX = """
                                 anonymous admin secretariat leadership own other developer investor
page: open the reports list          -       Y        Y          Y       Y    Y       -        -
page: draft the programme report     -       Y        Y          -       -    -       -        -
page: draft SCT's own report         -       Y        Y          -       Y    -       -        -
page: edit the programme's draft     -       Y        Y          -       -    -       -        -
page: issue the programme's draft    -       Y        Y          -       -    -       -        -
page: issue SCT's draft              -       Y        Y          -       Y    -       -        -
read: the programme's draft          -       Y        Y          Y       -    -       -        -
read: SCT's draft                    -       Y        Y          Y       Y    -       -        -
read: an issued report's DOCX        -       Y        Y          Y       -    -       -        -
read: the history of a period        -       Y        Y          Y       Y    Y       -        -
"""
FIXTURES = {"admin": "admin_user", "secretariat": "secretariat", "leadership": "leader",
            "own": "officer", "other": "other_officer", "developer": "developer",
            "investor": "investor"}  # fmt: skip


def parse(table: str) -> dict[tuple[str, str], bool]:
    lines = [line for line in table.strip().splitlines()[1:] if line.strip()]
    expected = {}
    for line in lines:
        words = line.split()
        action, flags = " ".join(words[: -len(ROLES)]), words[-len(ROLES) :]
        for role, flag in zip(ROLES, flags, strict=True):
            expected[(action, role)] = flag == "Y"
    return expected


EXPECTED = parse(MATRIX)


@pytest.fixture
def drafts(programme, tasks, secretariat, agency):
    programme_draft = services.create_draft(secretariat, programme, "2024", signer_name="A")
    agency_draft = services.create_draft(secretariat, programme, "2024", agency, signer_name="B")
    return programme_draft, agency_draft


def _list(client, drafts):
    return client.get(reverse("reports:list")).status_code == 200


def _draft(client, drafts, agency=None):
    before = Report.objects.count()
    data = {"programme": drafts[0].programme_id, "period": "2024-Q3"}
    if agency:
        data["agency"] = drafts[1].agency_id
    client.post(reverse("reports:create"), data)
    return Report.objects.count() == before + 1


def _edit(client, drafts):
    report = drafts[0]
    data = {name: getattr(report, name) for name in ("parent_body", "issuing_body", "symbol",
            "place", "summary", "signer_authority", "signer_title", "signer_name",
            "recipients")}  # fmt: skip
    client.post(
        reverse("reports:report-edit", args=[report.pk]),
        {**data, "opening": "Đã sửa", "version": report.version},
    )
    return Report.objects.get(pk=report.pk).opening == "Đã sửa"


def _issue(client, report):
    client.post(reverse("reports:issue", args=[report.pk]), {"number": "", "issued_on": ""})
    return Report.objects.get(pk=report.pk).is_issued


def _read(client, report):
    response = client.get(reverse("reports:detail", args=[report.pk]))
    return response.status_code == 200 and report.summary in response.content.decode()


def _download(client, drafts, secretariat):
    report = services.issue(secretariat, drafts[0])
    return client.get(report.files.get(format="docx").get_absolute_url()).status_code == 200


def _history(client, drafts):
    response = client.get(reverse("reports:history"), {"period": "2024"})
    return response.status_code == 200 and response["Content-Type"].startswith("application/vnd")


ACTIONS = {
    "page: open the reports list": _list,
    "page: draft the programme report": _draft,
    "page: draft SCT's own report": lambda c, d: _draft(c, d, agency=True),
    "page: edit the programme's draft": _edit,
    "page: issue the programme's draft": lambda c, d: _issue(c, d[0]),
    "page: issue SCT's draft": lambda c, d: _issue(c, d[1]),
    "read: the programme's draft": lambda c, d: _read(c, d[0]),
    "read: SCT's draft": lambda c, d: _read(c, d[1]),
    "read: the history of a period": _history,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", [*ACTIONS, "read: an issued report's DOCX"])
def test_the_matrix(action, role, client, drafts, secretariat, request, no_pdf):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(FIXTURES[role]))
    if action == "read: an issued report's DOCX":
        done = _download(client, drafts, secretariat)
    else:
        done = ACTIONS[action](client, drafts)
    assert done is EXPECTED[(action, role)]
