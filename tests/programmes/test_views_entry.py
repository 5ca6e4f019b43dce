"""Data-entry pages: the figure form, the Excel import, review and period locks."""

import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from tests.factories import IndicatorFactory, ObservationFactory
from xuctien.core.models import ChangeRecord
from xuctien.programmes import services
from xuctien.programmes.importers import ImportRejected
from xuctien.programmes.importers.observations import COLUMNS, plan, rows_from_file
from xuctien.programmes.models import Observation, PeriodLock

pytestmark = pytest.mark.django_db

SUBMITTED = Observation.Status.SUBMITTED
ROW_2023 = ["SHARE", "2023", "", "12.3", "", "exact", "final", "Cục Thống kê", "https://a.vn/1", ""]
ROW_2024 = ["SHARE", "2024", "", "12.43", "", "", "", "Cục Thống kê", "https://a.vn/2", ""]
BAD_ROW = ["SHARE", "2024-Q5", "", "12", "", "exact", "final", "Cục Thống kê", "https://a.vn/3", ""]


@pytest.fixture(autouse=True)
def english_and_private_var(client, settings, tmp_path):
    """Pages in English (the msgids) and uploads kept out of the project's var/."""
    settings.VAR_DIR = tmp_path
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def share(province, agency):
    return IndicatorFactory(code="SHARE", responsible_agency=agency)


@pytest.fixture
def figure(share):
    return ObservationFactory(indicator=share, period="2023", value=Decimal("10"), status="draft")


def form_data(**changes) -> dict:
    data = {"indicator": "SHARE", "period": "2023", "locality": "", "value": "12.3",
            "qualifier": "exact", "estimate": "final", "source": "Cục Thống kê",
            "source_url": "", "note": "", "action": "draft"}  # fmt: skip
    return {**data, **changes}


def xlsx(*rows, name="figures.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.title = "observations"
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def imports_dir():
    return settings.VAR_DIR / "imports"


# --- who may do what -----------------------------------------------------------------------

PERSONAS = ["admin_user", "secretariat", "officer", "other_officer", "leader", "developer",
            "investor"]  # fmt: skip
#: view -> GET statuses, POST statuses, per persona in the order of PERSONAS.
MATRIX = {
    "observation-create": ("200 200 200 200 403 403 403", "302 302 302 200 403 403 403"),
    "observation-edit": ("200 200 200 404 200 403 403", "302 302 302 404 403 403 403"),
    "observation-import": ("200 200 200 200 403 403 403", "200 200 200 422 403 403 403"),
    "observation-template": ("200 200 200 200 403 403 403", "405 405 405 405 403 403 403"),
    "review": ("200 200 403 403 200 403 403", "302 302 403 403 403 403 403"),
    "periods": ("200 200 403 403 200 403 403", "302 302 403 403 403 403 403"),
    "programme-import": ("200 200 403 403 403 403 403", "422 422 403 403 403 403 403"),
}
CASES = [
    (view, persona, int(get.split()[i]), int(post.split()[i]))
    for view, (get, post) in MATRIX.items()
    for i, persona in enumerate(PERSONAS)
]


def request_for(view: str, figure: Observation) -> tuple[str, dict]:
    if view == "observation-edit":
        return reverse("programmes:" + view, args=[figure.pk]), form_data(version=figure.version)
    data = {
        "observation-create": form_data(period="2022"),
        "observation-import": {"file": xlsx(ROW_2024)},
        "review": {"action": "approve", "observation": [figure.pk]},
        "periods": {
            "action": "lock",
            "programme": figure.indicator.programme.code,
            "year": "2019",
            "reason": "duyệt",
        },
        "programme-import": {"file": SimpleUploadedFile("x.xlsx", b"not a workbook")},
    }.get(view, {})
    return reverse("programmes:" + view), data


@pytest.mark.permissions
@pytest.mark.parametrize(("view", "persona", "get_status", "post_status"), CASES)
def test_each_entry_page_checks_the_role_on_get_and_post(
    client, figure, view, persona, get_status, post_status, request
):
    url, data = request_for(view, figure)
    client.force_login(request.getfixturevalue(persona))

    assert client.get(url).status_code == get_status
    assert client.post(url, data).status_code == post_status


@pytest.mark.permissions
@pytest.mark.parametrize("view", list(MATRIX))
def test_an_anonymous_visitor_is_sent_to_log_in(client, figure, view):
    url, data = request_for(view, figure)

    for response in (client.get(url), client.post(url, data)):
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    assert Observation.objects.count() == 1


def test_a_leaders_post_changes_nothing(client, figure, leader):
    client.force_login(leader)
    url = reverse("programmes:observation-edit", args=[figure.pk])

    client.post(url, form_data(value="99", version=figure.version))

    assert Observation.objects.get().value == Decimal("10")


# --- the figure form -----------------------------------------------------------------------


def test_an_officer_picks_only_their_agencys_indicators(client, share, other_agency, officer):
    IndicatorFactory(code="ROADS", responsible_agency=other_agency)
    IndicatorFactory(code="DERIVED", responsible_agency=share.responsible_agency, formula="SHARE")
    client.force_login(officer)

    response = client.get(reverse("programmes:observation-create"))

    assert list(response.context["form"].fields["indicator"].queryset) == [share]


def test_a_new_figure_is_saved_as_draft_and_the_edit_page_shows_its_history(client, share, officer):
    client.force_login(officer)

    response = client.post(reverse("programmes:observation-create"), form_data())

    saved = Observation.objects.get()
    assert (saved.status, saved.value, saved.locality.code) == ("draft", Decimal("12.3"), "QN")
    assert response.url == reverse("programmes:observation-edit", args=[saved.pk])
    page = client.get(response.url)
    assert list(page.context["history"]) == list(saved.history())
    assert b'class="history"' in page.content


def test_submit_for_approval_submits_the_figure(client, share, officer):
    client.force_login(officer)

    client.post(reverse("programmes:observation-create"), form_data(action="submit"))

    assert Observation.objects.get().status == SUBMITTED


def test_a_correction_keeps_the_old_value_in_the_history_shown(client, figure, secretariat):
    client.force_login(secretariat)
    url = reverse("programmes:observation-edit", args=[figure.pk])

    client.post(url, form_data(value="11", version=figure.version))

    change = ChangeRecord.objects.for_object(figure).filter(action="update").get()
    assert (change.before["value"], change.after["value"]) == ("10", "11")
    assert change in client.get(url).context["history"]


def test_a_locked_period_refuses_a_new_figure_and_says_why(client, share, officer, secretariat):
    services.lock_period(secretariat, share.programme, 2023, "Số liệu năm đã duyệt")
    client.force_login(officer)

    response = client.post(reverse("programmes:observation-create"), form_data())

    assert response.status_code == 200
    errors = " ".join(response.context["form"].non_field_errors())
    assert "Số liệu năm đã duyệt" in errors
    assert "secretariat can reopen" in errors
    assert str(secretariat) in errors
    assert not Observation.objects.exists()


def test_a_figure_of_a_locked_period_shows_why_and_offers_no_save(
    client, figure, officer, secretariat
):
    services.lock_period(secretariat, figure.indicator.programme, 2023, "Số liệu năm đã duyệt")
    client.force_login(officer)
    url = reverse("programmes:observation-edit", args=[figure.pk])

    page = client.get(url)
    refused = client.post(url, form_data(value="11", version=figure.version))

    assert "Số liệu năm đã duyệt" in page.context["lock_message"]
    assert b'data-testid="locked"' in page.content
    assert b'value="submit"' not in page.content
    assert "Số liệu năm đã duyệt" in " ".join(refused.context["form"].non_field_errors())
    assert Observation.objects.get().value == Decimal("10")


def test_a_stale_form_is_refused_with_a_message_and_nothing_is_lost(
    client, figure, officer, secretariat
):
    url = reverse("programmes:observation-edit", args=[figure.pk])
    client.force_login(secretariat)
    read_at = client.get(url).context["form"]["version"].value()
    first = client.post(url, form_data(value="11", source="Sở Công Thương", version=read_at))
    client.force_login(officer)

    second = client.post(url, form_data(value="12.5", source="Báo cáo quý", version=read_at))

    assert first.status_code == 302
    assert second.status_code == 409
    assert Observation.objects.get().value == Decimal("11")
    form = second.context["form"]
    assert form.has_error("__all__", code="stale")
    assert (form["value"].value(), form["source"].value()) == ("12.5", "Báo cáo quý")
    assert second.context["theirs"].value == Decimal("11")
    assert "Sở Công Thương" in second.content.decode()
    # Saving again on purpose replaces their figure: the form now carries their version.
    again = client.post(url, {**form.data.dict(), "action": "draft"})
    assert again.status_code == 302
    assert Observation.objects.get().value == Decimal("12.5")


def test_an_officer_reads_an_approved_figure_but_cannot_change_it(client, share, officer):
    approved = ObservationFactory(indicator=share, status="approved")
    client.force_login(officer)

    page = client.get(reverse("programmes:observation-edit", args=[approved.pk]))

    assert page.status_code == 200
    assert page.context["can_save"] is False
    assert b'data-testid="read-only"' in page.content


# --- the Excel import ----------------------------------------------------------------------


def test_a_file_with_one_bad_row_writes_nothing_and_names_that_row(client, share, officer):
    client.force_login(officer)

    response = client.post(
        reverse("programmes:observation-import"), {"file": xlsx(ROW_2023, BAD_ROW, ROW_2024)}
    )

    assert response.status_code == 422
    assert [(e.row, e.column) for e in response.context["errors"]] == [(3, "period")]
    assert b'data-row="3"' in response.content
    assert "2024-Q5" in response.content.decode()
    assert not Observation.objects.exists()
    assert list(imports_dir().glob("*")) == []


def test_the_messages_are_in_vietnamese_by_default(client, share, officer):
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
    client.force_login(officer)

    response = client.post(reverse("programmes:observation-import"), {"file": xlsx(BAD_ROW)})

    with translation.override("vi"), pytest.raises(ImportRejected) as in_vietnamese:
        plan(rows_from_file(xlsx(BAD_ROW).file), officer)
    assert response["Content-Language"] == "vi"
    assert [e.message for e in response.context["errors"]] == [
        e.message for e in in_vietnamese.value.errors
    ]


def test_the_good_rows_alone_then_import_after_a_preview(client, share, officer):
    client.force_login(officer)
    url = reverse("programmes:observation-import")

    preview = client.post(url, {"file": xlsx(ROW_2023, ROW_2024)})

    assert preview.status_code == 200
    planned = preview.context["planned"]
    assert [(p.row, p.observation.period, p.action) for p in planned] == [
        (2, "2023", "create"),
        (3, "2024", "create"),
    ]
    assert not Observation.objects.exists()
    token = preview.context["token"]
    assert (imports_dir() / f"{token}.xlsx").exists()

    confirmed = client.post(url, {"token": token, "action": "confirm"})

    assert confirmed.status_code == 302
    assert sorted(Observation.objects.values_list("period", "value", "status")) == [
        ("2023", Decimal("12.3"), "submitted"),
        ("2024", Decimal("12.43"), "submitted"),
    ]
    assert list(imports_dir().glob("*")) == []


def test_the_preview_says_which_rows_update_and_which_are_unchanged(client, share, officer):
    client.force_login(officer)
    url = reverse("programmes:observation-import")
    token = client.post(url, {"file": xlsx(ROW_2023)}).context["token"]
    client.post(url, {"token": token})
    changed = [*ROW_2024[:3], "12.5", *ROW_2024[4:]]

    preview = client.post(url, {"file": xlsx(ROW_2023, changed)})

    assert [p.action for p in preview.context["planned"]] == ["unchanged", "create"]
    assert preview.context["counts"] == {"create": 1, "update": 0, "unchanged": 1}


def test_the_confirmation_validates_the_file_again(client, share, officer, secretariat):
    client.force_login(officer)
    url = reverse("programmes:observation-import")
    token = client.post(url, {"file": xlsx(ROW_2023, ROW_2024)}).context["token"]
    services.lock_period(secretariat, share.programme, 2024, "duyệt")

    response = client.post(url, {"token": token})

    assert response.status_code == 422
    assert [e.row for e in response.context["errors"]] == [3]
    assert not Observation.objects.exists()
    assert list(imports_dir().glob("*")) == []


def test_a_token_from_another_session_imports_nothing(client, share, officer, secretariat):
    client.force_login(officer)
    url = reverse("programmes:observation-import")
    token = client.post(url, {"file": xlsx(ROW_2023)}).context["token"]
    client.force_login(secretariat)  # a new session

    client.post(url, {"token": token})

    assert not Observation.objects.exists()


def test_a_file_that_is_not_a_workbook_is_refused(client, share, officer):
    client.force_login(officer)
    upload = SimpleUploadedFile("figures.xlsx", b"PK not really")

    response = client.post(reverse("programmes:observation-import"), {"file": upload})

    assert response.status_code == 422
    assert response.context["form"].errors["file"]
    assert list(imports_dir().glob("*")) == []


def test_the_template_lists_the_users_codes_with_list_validation(
    client, share, other_agency, officer
):
    IndicatorFactory(code="ROADS", responsible_agency=other_agency)
    client.force_login(officer)

    response = client.get(reverse("programmes:observation-template"))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["observations"]
    assert [c.value for c in sheet[1]] == COLUMNS
    assert sheet.max_row == 1  # no example row that could be imported by mistake
    rules = {str(dv.sqref).split(":")[0]: dv for dv in sheet.data_validations.dataValidation}
    assert {"A2", "B2", "C2", "F2", "G2"} <= set(rules)
    assert all(dv.type == "list" for dv in rules.values())
    lists = book["lists"]
    column = rules["A2"].formula1.split("!")[1].split(":")[0].strip("$").rstrip("$2")
    codes = [c.value for c in lists[column][1:] if c.value]
    assert codes == ["SHARE"]
    assert lists.sheet_state == "hidden"


# --- review and locks ----------------------------------------------------------------------


@pytest.fixture
def submitted(share):
    return [
        ObservationFactory(indicator=share, period=period, status=SUBMITTED)
        for period in ("2022", "2023")
    ]


def test_the_review_groups_submitted_figures_by_indicator(client, submitted, secretariat):
    ObservationFactory(indicator=submitted[0].indicator, period="2021", status="approved")
    client.force_login(secretariat)

    response = client.get(reverse("programmes:review"))

    assert list(response.context["submitted"]) == submitted
    assert f'data-indicator="{submitted[0].indicator.code}"'.encode() in response.content


def test_approving_from_the_review(client, submitted, secretariat):
    client.force_login(secretariat)
    data = {"action": "approve", "observation": [submitted[0].pk]}

    client.post(reverse("programmes:review"), data)

    statuses = dict(Observation.objects.values_list("period", "status"))
    assert statuses == {"2022": "approved", "2023": "submitted"}


def test_rejecting_from_the_review_needs_a_reason(client, submitted, secretariat):
    client.force_login(secretariat)
    url = reverse("programmes:review")

    refused = client.post(url, {"action": "reject", "observation": submitted[0].pk})
    client.post(url, {"action": "reject", "observation": submitted[0].pk, "reason": "Sai kỳ"})

    assert refused.status_code == 422
    rejected = Observation.objects.get(pk=submitted[0].pk)
    assert rejected.status == "rejected"
    assert "Sai kỳ" in rejected.note


def test_an_htmx_approval_returns_the_list_alone(client, submitted, secretariat):
    client.force_login(secretariat)

    response = client.post(
        reverse("programmes:review"),
        {"action": "approve", "observation": [f.pk for f in submitted]},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert response.content.lstrip().startswith(b'<div id="review-list">')
    assert b"<html" not in response.content
    assert not Observation.objects.filter(status=SUBMITTED).exists()


def test_leadership_sees_the_review_without_buttons(client, submitted, leader):
    client.force_login(leader)

    response = client.get(reverse("programmes:review"))

    assert response.status_code == 200
    assert b'value="approve"' not in response.content


def test_locking_and_reopening_a_year_with_reasons(client, figure, secretariat):
    client.force_login(secretariat)
    url = reverse("programmes:periods")
    code = figure.indicator.programme.code

    client.post(url, {"action": "lock", "programme": code, "year": "2023", "reason": "Đã duyệt"})
    lock = PeriodLock.objects.get()
    page = client.get(url)
    refused = client.post(url, {"action": "reopen", "lock": lock.pk, "reason": ""})
    still_locked = PeriodLock.objects.get().is_locked
    client.post(url, {"action": "reopen", "lock": lock.pk, "reason": "Đính chính số liệu"})

    assert (lock.is_locked, lock.reason, lock.locked_by) == (True, "Đã duyệt", secretariat)
    row = next(r for r in page.context["years"] if r["year"] == 2023)
    assert "Đã duyệt" in row["message"]
    assert refused.status_code == 422
    assert still_locked
    lock.refresh_from_db()
    assert (lock.is_locked, lock.reopen_reason) == (False, "Đính chính số liệu")


def test_the_periods_page_counts_approved_and_pending_figures(client, submitted, leader):
    ObservationFactory(indicator=submitted[0].indicator, period="2023-Q1", status="approved")
    client.force_login(leader)

    years = client.get(reverse("programmes:periods")).context["years"]

    assert [(r["year"], r["approved"], r["pending"]) for r in years] == [(2023, 1, 1), (2022, 0, 1)]


@pytest.mark.parametrize(
    ("value", "refused"), [("250", True), ("-5", True), ("0", False), ("100", False)]
)
def test_a_share_is_between_0_and_100(client, share, officer, value, refused):
    share.unit = "% of GRDP"
    share.save()
    client.force_login(officer)

    response = client.post(reverse("programmes:observation-create"), form_data(value=value))

    assert Observation.objects.exists() is not refused
    if refused:
        assert "value" in response.context["form"].errors


def test_a_figure_of_year_1_is_refused(client, share, officer):
    client.force_login(officer)

    response = client.post(reverse("programmes:observation-create"), form_data(period="0001"))

    assert not Observation.objects.exists()
    assert "period" in response.context["form"].errors
