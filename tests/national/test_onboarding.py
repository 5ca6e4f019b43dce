"""Onboarding a province from its workbook: whole, all or nothing, idempotent, and its
records stay its own beside the first province's."""

import copy
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from xuctien.core.models import Agency, Locality, Province, Zone
from xuctien.national.models import CatalogueMapping
from xuctien.national.onboarding import (
    import_province,
    read_province_workbook,
    sheets_from_folder,
    workbook_bytes,
)
from xuctien.national.shipped import PROVINCES_DIR
from xuctien.programmes.importers import ImportRejected
from xuctien.programmes.models import Indicator, Observation, Programme
from xuctien.programmes.monitoring import report

BAC_NINH = PROVINCES_DIR / "bacninh"


def _sheets():
    """The shipped second province's workbook, as an upload reads it."""
    return read_province_workbook(io.BytesIO(workbook_bytes(sheets_from_folder(BAC_NINH))))


@pytest.fixture
def first_province(db):
    call_command("load_quangninh", stdout=io.StringIO())
    return Province.objects.get()


def test_a_second_province_is_onboarded_and_its_figures_stay_in_it(first_province):
    first_programmes = set(Programme.objects.values_list("pk", flat=True))
    first_capital = report(Indicator.objects.get(province=first_province, registry_feed="capital"))
    capital_before = [(r.year, r.result.actual) for r in first_capital.rows]

    result = import_province(_sheets())

    second = result.province
    assert (second.code, second.slug, second.name_vi) == ("BN", "bac-ninh", "Tỉnh Bắc Ninh")
    assert Province.objects.count() == 2
    # its programme, places, agencies, zones and figures are filed under it, not the first
    programme = Programme.objects.exclude(pk__in=first_programmes).get()
    assert programme.province == second
    assert set(
        Indicator.objects.filter(programme=programme).values_list("province", flat=True)
    ) == {second.pk}
    assert set(
        Agency.objects.filter(code__startswith="BN-").values_list("province", flat=True)
    ) == {second.pk}
    assert Zone.objects.get(code="BN-KCN-YENPHONG").province == second
    figures = Observation.objects.filter(indicator__programme=programme)
    assert figures.count() == 6
    assert set(figures.values_list("locality", flat=True)) == {second.locality_id}
    assert second.locality.code == "BN"
    # its programme runs: GRDP growth 2021-2025 averaged 8.98 %/year against 7-8 %/year
    growth = report(Indicator.objects.get(province=second, code="BN_GRDP_GROWTH"))
    assert growth.headline.year == 2025
    assert growth.headline.result.actual == Decimal("8.98")
    assert growth.status == "achieved"
    # the first province's figures did not move
    first_capital = report(Indicator.objects.get(province=first_province, registry_feed="capital"))
    assert [(r.year, r.result.actual) for r in first_capital.rows] == capital_before
    # and its mapping to the national catalogue is recorded
    assert CatalogueMapping.objects.get(indicator__code="BN_GRDP_GROWTH").catalogue.code == (
        "VN_GRDP_GROWTH"
    )


def test_importing_the_same_workbook_again_changes_nothing(db):
    first = import_province(_sheets())
    again = import_province(_sheets())
    assert first.totals[0] > 0
    assert again.totals[:2] == (0, 0)
    assert again.totals[2] == first.totals[0]


def test_a_bad_workbook_is_refused_whole_with_an_error_per_row(db):
    sheets = copy.deepcopy(_sheets())
    sheets["zones"][0]["kind"] = "harbour"
    sheets["observations"][0]["value"] = "71,3"
    sheets["indicators"][0]["national"] = "VN_NOT_THERE"
    with pytest.raises(ImportRejected) as refused:
        import_province(sheets)
    where = {(e.sheet, e.column) for e in refused.value.errors}
    assert ("zones", "kind") in where
    assert ("observations", "value") in where
    assert not Province.objects.exists()
    assert not Locality.objects.exists()
    assert not Programme.objects.exists()


def test_a_zone_area_with_a_decimal_comma_is_refused_not_read_ten_times_larger(db):
    """ "36,1" ha is thirty-six and a tenth to a Vietnamese reader; the zones' numbers
    dropped the comma and read 361."""
    sheets = copy.deepcopy(_sheets())
    sheets["zones"][0]["total_area_ha"] = "36,1"
    with pytest.raises(ImportRejected) as refused:
        import_province(sheets)
    [error] = refused.value.errors
    assert (error.sheet, error.column) == ("zones", "total_area_ha")
    assert "36,1" in error.message
    assert not Zone.objects.exists()


def test_a_zone_area_with_thousands_grouped_reads_as_the_number(db):
    sheets = copy.deepcopy(_sheets())
    sheets["zones"][0]["total_area_ha"] = "1,234.5"
    import_province(sheets)
    assert Zone.objects.get(code=sheets["zones"][0]["code"]).total_area_ha == Decimal("1234.5")


def test_a_mapping_to_a_national_indicator_in_another_unit_is_refused(db):
    sheets = copy.deepcopy(_sheets())
    row = next(r for r in sheets["indicators"] if r["code"] == "BN_GRDP")
    row["national"] = "VN_GRDP_GROWTH"  # % a year, not VND trillion
    with pytest.raises(ImportRejected) as refused:
        import_province(sheets)
    [error] = refused.value.errors
    assert (error.sheet, error.column) == ("indicators", "national")
    assert not Province.objects.exists()


def test_a_missing_sheet_is_named(db):
    sheets = _sheets()
    del sheets["places"]
    with pytest.raises(ImportRejected) as refused:
        import_province(sheets)
    assert [e.sheet for e in refused.value.errors] == ["places"]


def test_the_command_imports_a_workbook_file(db, tmp_path):
    path = tmp_path / "bac-ninh.xlsx"
    path.write_bytes(workbook_bytes(sheets_from_folder(BAC_NINH)))
    out = io.StringIO()
    call_command("import_province", str(path), stdout=out)
    assert out.getvalue().startswith("BN: ")
    assert Province.objects.filter(code="BN").exists()


def test_the_command_says_why_a_file_is_refused(db, tmp_path):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(workbook_bytes({"province": []}))
    with pytest.raises(CommandError, match="bad row"):
        call_command("import_province", str(path), stdout=io.StringIO(), stderr=io.StringIO())
