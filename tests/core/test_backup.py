"""``xuctien backup`` and ``xuctien restore``: a round trip gives back every row and figure.

On SQLite in the normal run; on PostgreSQL (pg_dump/pg_restore) when DATABASE_URL says so.
"""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from tests.actions.factories import TaskFactory
from tests.factories import AgencyFactory
from tests.programmes.test_monitoring import resolution
from xuctien.core.models import ChangeRecord
from xuctien.programmes.api.serializers import AssessmentSerializer, report_for
from xuctien.programmes.models import Indicator, Observation

pytestmark = pytest.mark.django_db(transaction=True)


def table_contents() -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order."""
    contents = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            contents[table] = sorted(cursor.fetchall(), key=repr)
    return contents


def assessments() -> dict[str, list]:
    return {
        indicator.code: AssessmentSerializer(report_for(indicator).rows, many=True).data
        for indicator in Indicator.objects.order_by("code")
    }


def change_everything_after_the_backup() -> None:
    Observation.objects.filter(indicator__code="CAPITAL").update(value=Decimal("99"))
    Observation.objects.filter(indicator__code="SHARE", period="2024").delete()
    AgencyFactory(code="MOI", name_vi="Cơ quan mới")
    ChangeRecord.objects.all().delete()


def test_a_restored_backup_gives_back_every_row_and_every_assessment(tmp_path, agency):
    resolution(agency)
    TaskFactory(lead_agency=agency)
    rows, figures = table_contents(), assessments()
    assert any(row["actual"] is not None for row in figures["SHARE"])  # something to compare
    path = tmp_path / "xuctien.backup"

    call_command("backup", str(path), verbosity=0)
    change_everything_after_the_backup()
    assert table_contents() != rows
    assert assessments() != figures
    call_command("restore", str(path), interactive=False, verbosity=0)

    assert table_contents() == rows
    assert assessments() == figures


def test_restoring_a_missing_file_is_refused_and_changes_nothing(tmp_path, agency):
    rows = table_contents()

    with pytest.raises(CommandError, match="No backup"):
        call_command("restore", str(tmp_path / "none.backup"), interactive=False)

    assert table_contents() == rows
