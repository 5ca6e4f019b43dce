"""Excel import of a projects register: all or nothing, an error per bad row, idempotent."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from tests.factories import ZoneFactory
from xuctien.core.models import ChangeRecord
from xuctien.investments import register_import
from xuctien.investments.models import CapitalEvent, ExchangeRate, Investor, Project, Stage

HEADER = [
    "IRC number",
    "IRC date",
    "Project",
    "Investor",
    "Country",
    "VSIC code",
    "Zone",
    "Locality",
    "Land ha",
    "Registered capital",
    "Currency",
    "Jobs",
    "Stage",
]
GOOD = [
    [
        "2101234567",
        dt.date(2023, 6, 29),
        "FECV plant",
        "Foxconn SG",
        "SG",
        "27",
        "KCN-SK",
        None,
        6.3,
        197.8e6,
        "USD",
        1200,
        "irc_issued",
    ],
    [
        "2109876543",
        dt.date(2020, 9, 18),
        "Auto plant",
        "Thành Công",
        "VN",
        "29",
        "KCN-SK",
        None,
        36.1,
        8679e9,
        "VND",
        None,
        "operating",
    ],
]


def workbook(rows, header=HEADER) -> BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


@pytest.fixture
def reference(db, electronics):
    from tests.investments.factories import SectorFactory

    SectorFactory(code="27", name_vi="Điện", name_en="Electrical equipment")
    SectorFactory(code="29", name_vi="Ô tô", name_en="Motor vehicles")
    ZoneFactory(code="KCN-SK", name_vi="KCN Sông Khoai")
    ExchangeRate.objects.create(
        currency="USD", date=dt.date(2023, 1, 1), kind="annual_average", rate=Decimal("23500")
    )


def run_import(rows):
    plan = register_import.read(workbook(rows))
    assert plan.ok, plan.errors
    return register_import.apply(plan, None)


def test_a_good_register_creates_projects_with_capital_converted(reference):
    result = run_import(GOOD)
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    fecv = Project.objects.get(irc_number="2101234567")
    assert (fecv.stage, fecv.irc_date, fecv.zone.code, fecv.fdi) == (
        Stage.IRC_ISSUED,
        dt.date(2023, 6, 29),
        "KCN-SK",
        True,
    )
    event = fecv.capital_events.get()
    assert (event.rate_used, event.amount_vnd) == (Decimal("23500"), Decimal("4648300000000"))
    auto = Project.objects.get(irc_number="2109876543")
    assert auto.fdi is False
    assert auto.stage == Stage.OPERATING
    assert auto.investors.get().name == "Thành Công"


def test_importing_the_same_file_again_changes_nothing(reference):
    run_import(GOOD)
    records = ChangeRecord.objects.count()
    result = run_import(GOOD)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert ChangeRecord.objects.count() == records
    assert Project.objects.count() == 2
    assert CapitalEvent.objects.count() == 2
    assert Investor.objects.count() == 2


def test_a_changed_row_updates_the_project_by_irc_number(reference):
    run_import(GOOD)
    changed = [list(GOOD[0]), GOOD[1]]
    changed[0][11] = 1500  # jobs
    changed[0][12] = "under_construction"
    result = run_import(changed)
    assert (result.created, result.updated) == (0, 1)
    fecv = Project.objects.get(irc_number="2101234567")
    assert (fecv.jobs_planned, fecv.stage) == (1500, Stage.UNDER_CONSTRUCTION)
    assert Project.objects.count() == 2


def test_a_bad_register_writes_nothing_and_names_each_bad_row(reference):
    bad = [
        GOOD[0],
        [
            "2100000001",
            "not a date",
            "Bad date",
            "X",
            "JP",
            "26",
            None,
            None,
            None,
            1,
            "VND",
            None,
            None,
        ],
        [
            "2100000002",
            dt.date(2024, 1, 1),
            "Bad zone",
            "Y",
            "JP",
            "99",
            "NOWHERE",
            None,
            None,
            1,
            "EUR",
            None,
            "flying",
        ],
        GOOD[0],
    ]
    with translation.override("en"):
        plan = register_import.read(workbook(bad))
    assert not plan.ok
    by_row = {}
    for error in plan.errors:
        by_row.setdefault(error.row, set()).add(error.column)
    assert by_row[3] == {"IRC date"}
    assert by_row[4] == {"VSIC code", "Zone", "Currency", "Stage"}
    assert by_row[5] == {"IRC number"}  # the same IRC number as row 2
    with pytest.raises(ValueError, match="writes nothing"):
        register_import.apply(plan, None)
    assert Project.objects.count() == 0


def test_the_errors_speak_the_users_language(reference):
    bad = [
        [
            "2100000002",
            dt.date(2024, 1, 1),
            "P",
            "Y",
            "JP",
            "26",
            None,
            None,
            None,
            1,
            "EUR",
            None,
            None,
        ]
    ]
    with translation.override("en"):
        (error,) = register_import.read(workbook(bad)).errors
    assert error.message == USE_VND_OR_USD


def test_a_register_without_the_key_columns_is_refused(reference):
    plan = register_import.read(workbook([["x"]], header=["IRC number"]))
    assert plan.missing_columns == ["name"]


def test_the_command_imports_and_reports_errors(reference, tmp_path):
    good = tmp_path / "good.xlsx"
    good.write_bytes(workbook(GOOD).getvalue())
    call_command("import_projects", str(good))
    assert Project.objects.count() == 2
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(workbook([[*GOOD[0][:5], "99", *GOOD[0][6:]]]).getvalue())
    with pytest.raises(CommandError):
        call_command("import_projects", str(bad))


def test_the_page_previews_then_imports(client, promoter, reference):
    client.force_login(promoter)
    url = reverse("investments:import")
    upload = workbook(GOOD)
    upload.name = "register.xlsx"
    preview = client.post(url, {"file": upload})
    assert preview.status_code == 200
    assert Project.objects.count() == 0  # a preview writes nothing
    token = preview.context["token"]
    assert token
    assert len(preview.context["plan"].rows) == 2
    done = client.post(url, {"token": token})
    assert done.status_code == 302
    assert Project.objects.count() == 2


def test_the_page_shows_errors_and_writes_nothing(client, promoter, reference):
    client.force_login(promoter)
    upload = workbook([[*GOOD[0][:5], "99", *GOOD[0][6:]]])
    upload.name = "register.xlsx"
    response = client.post(reverse("investments:import"), {"file": upload})
    assert response.context["plan"].errors
    assert not response.context["token"]
    assert Project.objects.count() == 0


@pytest.mark.permissions
def test_only_the_pipeline_managers_import(client, developer, leader):
    for user in (developer, leader):
        client.force_login(user)
        assert client.get(reverse("investments:import")).status_code == 403


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_projects_export_imports_again_unchanged(client, promoter, reference, language):
    """Every export re-imports: leads without IRC, Vietnamese country names, two investors."""
    from tests.investments.factories import InvestorFactory, ProjectFactory

    run_import(GOOD)
    korean = InvestorFactory(name="Hana Co.", country="KR")
    japanese = InvestorFactory(name="Sakura KK", country="JP")
    ProjectFactory(name="Nhà máy linh kiện", stage=Stage.LEAD, investors=[korean, japanese])
    unknown = InvestorFactory(name="Chưa rõ quốc tịch", country="")  # exported as "—"
    ProjectFactory(name="Cảng cạn", stage=Stage.LEAD, investors=[unknown], place_text="not stated")
    vietnamese = InvestorFactory(name="Core5 Việt Nam", country="VN")  # a foreign group's
    ProjectFactory(name="Kho xưởng Core5", stage=Stage.LEAD, investors=[vietnamese], fdi=True)
    client.force_login(promoter)
    before = sorted(Project.objects.values_list("pk", "version"))

    with translation.override(language):
        response = client.get(reverse("investments:project-export"), HTTP_ACCEPT_LANGUAGE=language)
        plan = register_import.read(BytesIO(response.content))

    assert plan.ok, plan.errors
    result = register_import.apply(plan, None)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 5)
    assert sorted(Project.objects.values_list("pk", "version")) == before
    assert Investor.objects.count() == 6


def test_new_projects_are_written_as_one_batch_each_with_its_history(reference, promoter):
    from xuctien.core.models import ChangeBatch
    from xuctien.investments.models import StageChange

    plan = register_import.read(workbook(GOOD))
    register_import.apply(plan, promoter)

    batch = ChangeBatch.objects.get()
    assert (batch.user, batch.created) == (promoter, 2)
    fecv = Project.objects.get(irc_number="2101234567")
    creation = fecv.history().get(action="create")
    assert creation.batch == batch
    assert creation.after["capital_vnd"] == "4648300000000"
    linked = fecv.history().get(action="update")
    assert (linked.before, linked.after) == (
        {"investors": []},
        {"investors": [Investor.objects.get(name="Foxconn SG").pk]},
    )
    change = StageChange.objects.get(project=fecv)
    assert (change.to_stage, change.date, change.by) == (
        Stage.IRC_ISSUED,
        dt.date(2023, 6, 29),
        promoter,
    )
    kinds = set(batch.changes.values_list("content_type__model", flat=True))
    assert kinds == {"project", "investor", "stagechange", "capitalevent"}
    assert batch.changes.filter(action="create").count() == 2 + 2 + 2 + 2


def _register(count: int, start: int) -> list[list]:
    """``count`` new projects, each with its own IRC number and investor."""
    rows = []
    for n in range(start, start + count):
        row = list(GOOD[n % 2])
        row[0], row[2], row[3] = f"31{n:08d}", f"Plant {n}", f"Investor {n}"
        rows.append(row)
    return rows


def test_the_queries_of_a_register_import_do_not_grow_with_its_rows(reference, promoter):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    register_import.apply(register_import.read(workbook(_register(1, 0))), promoter)  # warm
    counts = []
    for count, start in ((3, 100), (12, 200)):
        with CaptureQueriesContext(connection) as captured:
            plan = register_import.read(workbook(_register(count, start)))
            result = register_import.apply(plan, promoter)
        assert result.created == count
        counts.append(len(captured))

    assert counts[0] == counts[1]


def test_bad_rows_among_many_each_get_their_error_and_nothing_is_written(reference, promoter):
    rows = _register(30, 0)
    rows[9][11] = "many"  # jobs: row 11 of the sheet
    rows[24][11] = "many"  # the same bad cell again: the same error again
    before = Project.objects.count()

    with translation.override("en"):
        plan = register_import.read(workbook(rows))
        errors = sorted((e.row, str(e.column), str(e.message)) for e in plan.errors)

    assert errors == [
        (11, "Jobs planned", "Enter a whole number."),
        (26, "Jobs planned", "Enter a whole number."),
    ]
    with pytest.raises(ValueError, match="writes nothing"):
        register_import.apply(plan, promoter)
    assert Project.objects.count() == before


def test_what_is_set_at_write_time_is_still_checked_and_a_failure_writes_nothing(
    reference, promoter
):
    """The rows' fields are checked once, by their forms; what the write adds (the
    capital event's amounts) is still checked, and one bad amount among many writes
    nothing."""
    from xuctien.core.models import ChangeBatch

    rows = _register(20, 0)
    rows[13][9], rows[13][10] = "1000.125", "VND"  # three decimals: the field keeps two
    before = (Project.objects.count(), CapitalEvent.objects.count(), ChangeBatch.objects.count())

    plan = register_import.read(workbook(rows))
    assert plan.ok, plan.errors
    with translation.override("en"):
        with pytest.raises(ValidationError) as raised:
            register_import.apply(plan, promoter)
        assert raised.value.message_dict == {
            "amount": ["Ensure that there are no more than 2 decimal places."],
            "amount_vnd": ["Ensure that there are no more than 2 decimal places."],
        }
    after = (Project.objects.count(), CapitalEvent.objects.count(), ChangeBatch.objects.count())
    assert after == before


def test_an_amount_equal_to_a_good_one_but_with_more_decimals_is_still_refused(reference, promoter):
    """The write's checks are kept per value for the import: "1000.1" passing does not
    let "1000.100" (equal, but three decimals) through."""
    rows = _register(20, 0)
    rows[3][9], rows[3][10] = "1000.1", "VND"
    rows[13][9], rows[13][10] = "1000.100", "VND"

    plan = register_import.read(workbook(rows))
    assert plan.ok, plan.errors
    with translation.override("en"):
        with pytest.raises(ValidationError) as raised:
            register_import.apply(plan, promoter)
        assert raised.value.message_dict["amount"] == [
            "Ensure that there are no more than 2 decimal places."
        ]
    assert not Project.objects.filter(irc_number__startswith="31").exists()


def test_each_stage_change_of_a_batch_is_named_by_its_project_in_the_history(reference, promoter):
    from xuctien.core.models import ChangeBatch
    from xuctien.investments.models import StageChange

    register_import.apply(register_import.read(workbook(GOOD)), promoter)

    batch = ChangeBatch.objects.get()
    for project in Project.objects.filter(irc_number__in=["2101234567", "2109876543"]):
        change = StageChange.objects.get(project=project)
        entry = batch.changes.get(content_type__model="stagechange", object_id=str(change.pk))
        assert entry.object_repr == str(change)
        assert entry.object_repr.startswith(str(project))
        assert entry.after["project_id"] == project.pk
        assert entry.after["by_id"] == promoter.pk
        assert entry.after["to_stage"] == project.stage


def test_each_written_record_has_its_history_row_with_its_name(reference, promoter):
    from xuctien.core.models import ChangeBatch

    with translation.override("en"):
        register_import.apply(register_import.read(workbook(GOOD[:1])), promoter)

    batch = ChangeBatch.objects.get()
    fecv = Project.objects.get(irc_number="2101234567")
    event = fecv.capital_events.get()
    change = batch.changes.get(content_type__model="capitalevent")
    # 197.8e6 USD (a whole number, as the sheet gives it back), on the IRC date
    assert (change.object_id, change.object_repr, change.action) == (
        str(event.pk),
        "Registration 197800000 USD (2023-06-29)",
        "create",
    )
    assert (change.user, change.request_id != "", change.before) == (promoter, True, None)
    assert change.after["amount_vnd"] == "4648300000000"
    assert fecv.created_at is not None
    assert event.created_at is not None


def test_a_capital_events_name_is_its_kind_amount_currency_and_date():
    event = CapitalEvent(
        kind="increase", amount=Decimal("5.50"), currency="USD", date=dt.date(2024, 2, 3)
    )
    with translation.override("en"):
        assert str(event) == "Increase 5.50 USD (2024-02-03)"
    with translation.override("vi"):
        label = str(CapitalEvent.Kind.INCREASE.label)
        assert str(event) == f"{label} 5.50 USD (2024-02-03)"
    event.kind = "unknown"
    assert str(event) == "unknown 5.50 USD (2024-02-03)"


USE_VND_OR_USD = (
    "Use VND or USD, with the unit if the amounts are in one (“USD million”, “bn VND”)."
)

#: One bad cell of each kind (column of HEADER: value) and the error it gets.
BAD_CELLS = [
    (1, "31/31/2024", "IRC date", "Enter a valid date."),
    (2, "x" * 301, "Name", "Ensure this value has at most 300 characters (it has 301)."),
    (4, "Atlantis", "Country", "Unknown country “Atlantis”."),
    (5, "99", "VSIC code", "“99” is not known."),
    (6, "NOWHERE", "Zone", "“NOWHERE” is not known."),
    (7, "NOWHERE", "Locality", "“NOWHERE” is not known."),
    (8, "abc", "Land (ha)", "Enter a number."),
    (
        8,
        "123456789.5",
        "Land (ha)",
        "Ensure that there are no more than 8 digits before the decimal point.",
    ),
    (9, "-5", "Registered capital", "Enter a positive amount."),
    (9, "2,5", "Registered capital", "“2,5” is not a number; write 11.3 or 30,000."),
    (10, "EUR", "Currency", USE_VND_OR_USD),
    (10, "million", "Currency", USE_VND_OR_USD),
    (10, "USD VND", "Currency", USE_VND_OR_USD),
    (11, "many", "Jobs planned", "Enter a whole number."),
    (11, "-3", "Jobs planned", "Ensure this value is greater than or equal to 0."),
    (12, "flying", "Stage", "Unknown stage “flying”."),
]


def _bad_among_good() -> list[list]:
    """Each bad cell in a row of its own, between good rows of new projects; some good
    rows leave out the cells the row before them filled."""
    rows = _register(2 * len(BAD_CELLS) + 1, 0)
    for index, (column, value, _label, _message) in enumerate(BAD_CELLS):
        rows[2 * index + 1][column] = value
        rows[2 * index + 2][8] = rows[2 * index + 2][11] = None  # land, jobs left blank
    return rows


def test_each_kind_of_bad_value_gets_its_error_on_its_own_row_only(reference):
    with translation.override("en"):
        plan = register_import.read(workbook(_bad_among_good()))
        errors = [(e.row, str(e.column), str(e.message)) for e in plan.errors]

    # Row 2 is the first data row; the bad ones are rows 3, 5, 7, …
    assert sorted(errors) == sorted(
        (2 * index + 3, label, message)
        for index, (_column, _value, label, message) in enumerate(BAD_CELLS)
    )
    good = {row.number: row for row in plan.rows}
    assert set(good) == {2 * index + 2 for index in range(len(BAD_CELLS) + 1)}
    assert good[4].values["land_ha"] is None
    assert good[4].values["jobs_planned"] is None
    assert good[2].values["land_ha"] == Decimal("6.3")


@pytest.mark.parametrize("language", ["en", "vi"])
def test_a_form_bound_again_per_new_row_checks_as_a_form_built_per_row(
    reference, monkeypatch, language
):
    """The file's new projects share one row form, bound again to each row (decision
    0033): every error, in either language, and every value as one form per row gives."""

    def read() -> tuple[list, list]:
        with translation.override(language):
            plan = register_import.read(workbook(_bad_among_good()))
            errors = [(e.row, str(e.column), str(e.message)) for e in plan.errors]
        return errors, [(row.number, row.values, row.exists) for row in plan.rows]

    bound_again = read()
    monkeypatch.setattr(
        register_import.Known,
        "form",
        lambda self, data, existing: register_import._RowForm(data, instance=existing, known=self),
    )
    assert read() == bound_again
    assert len(bound_again[0]) == len(BAD_CELLS)


@pytest.mark.parametrize("language", ["en", "vi"])
def test_the_row_forms_model_checks_are_djangos_own(reference, monkeypatch, language):
    """``RowFormMixin._post_clean`` (its model fields listed once per import) and the empty
    investors' choice answered once give what Django's ``ModelForm._post_clean`` and the
    field's ``clean`` give: the same errors and values, each row's project built alike."""
    from django.forms.models import BaseModelForm

    from xuctien import history, importing

    def read(post_clean) -> tuple:  # type: ignore[no-untyped-def]
        built = []

        def recorded(form) -> None:  # type: ignore[no-untyped-def]
            post_clean(form)
            investors = form.cleaned_data.get("investors")
            built.append((history.snapshot(form.instance), list(investors or [])))

        monkeypatch.setattr(importing.RowFormMixin, "_post_clean", recorded)
        with translation.override(language):
            plan = register_import.read(workbook(_bad_among_good() + GOOD))
            errors = [(e.row, str(e.column), str(e.message)) for e in plan.errors]
        return errors, [(row.number, row.values) for row in plan.rows], built

    ours = read(importing.RowFormMixin._post_clean)
    monkeypatch.setattr(
        importing.RowFormMixin, "_nothing_chosen", lambda self, name, field: field.clean(None)
    )
    django = read(BaseModelForm._post_clean)
    assert ours == django
    assert len(ours[2]) == len(_bad_among_good() + GOOD)
    assert len(ours[0]) >= len(BAD_CELLS)


def test_a_register_whose_rows_all_have_irc_numbers_reads_no_leads(reference):
    """The nation's leads (projects without an IRC number) are read by name only for a file
    with rows that have none; a lead is still found by its name."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert register_import.read(workbook(GOOD)).ok
    assert not any('"irc_number" IS NULL' in q["sql"] for q in queries.captured_queries)

    lead = Project.objects.create(name="Nhà máy mới", stage=Stage.LEAD)
    row = [None, None, "Nhà máy mới", "Foxconn SG", "SG", "27", "KCN-SK"] + [None] * 6
    plan = register_import.read(workbook([row]))
    assert plan.ok, plan.errors
    assert [r.exists for r in plan.rows] == [True]
    assert register_import.Known([{"name": "Nhà máy mới"}]).existing("", "NHÀ MÁY MỚI") == lead


@pytest.mark.parametrize(
    ("capital", "currency", "amount", "code"),
    [
        (498, "USD million", Decimal("498000000"), "USD"),
        ("365.6", "triệu USD", Decimal("365600000"), "USD"),
        (8679, "tỷ đồng", Decimal("8679000000000"), "VND"),
        ("11,499.86", "bn VND", Decimal("11499860000000"), "VND"),
        (1.5, "nghìn tỷ đồng", Decimal("1500000000000"), "VND"),
        ("30,000,000", "vnđ", Decimal("30000000"), "VND"),
        (197.8e6, " usd ", Decimal("197800000"), "USD"),
    ],
)
def test_the_currency_cell_may_carry_the_amounts_unit(reference, capital, currency, amount, code):
    """Registers and press releases state capital "498 | USD million" or "8,679 | tỷ đồng":
    the amount is read in its unit, never as 498 dollars."""
    row = [*GOOD[0][:9], capital, currency, *GOOD[0][11:]]
    plan = register_import.read(workbook([row]))
    assert plan.ok, plan.errors
    (read,) = plan.rows
    assert (read.capital, read.currency) == (amount, code)


def test_a_capital_written_with_a_decimal_comma_is_refused_not_read_ten_times_larger(reference):
    """ "2,5" is two and a half to a Vietnamese reader; dropping the comma made it 25."""
    row = [*GOOD[0][:9], "2,5", "USD million", *GOOD[0][11:]]
    with translation.override("vi"):
        plan = register_import.read(workbook([row]))
    assert [(e.row, str(e.column)) for e in plan.errors] == [(2, "Vốn đăng ký")]
    assert "2,5" in plan.errors[0].message
    assert "30,000" in plan.errors[0].message


def test_jobs_and_land_written_with_thousands_grouped_read_as_the_numbers(reference):
    """ "2,188" jobs, as the published registers write them, refused as "Enter a whole
    number." before; a comma that groups no thousands is still refused."""
    row = [*GOOD[0][:8], "1,234.5", *GOOD[0][9:11], "2,188", *GOOD[0][12:]]
    plan = register_import.read(workbook([row]))
    assert plan.ok, plan.errors
    (read,) = plan.rows
    assert read.values["jobs_planned"] == 2188
    assert read.values["land_ha"] == Decimal("1234.5")
    bad = [*GOOD[0][:11], "2,1", *GOOD[0][12:]]
    with translation.override("vi"):
        (error,) = register_import.read(workbook([bad])).errors
    assert (str(error.column), error.message) == ("Lao động dự kiến", "Nhập một số nguyên.")
