"""The daily escalation: the background task and its command."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from xuctien.aftercare.models import Escalation

pytestmark = pytest.mark.django_db


def test_the_command_escalates_as_of_the_date_given(land_request):
    out = StringIO()
    call_command("escalate_requests", "--date", "2025-02-07", stdout=out)
    land_request.refresh_from_db()
    # Due Thu 6 Feb 2025: Fri 7 Feb is the first working day late.
    assert land_request.escalation == Escalation.SECRETARIAT
    assert "enqueued" in out.getvalue()


def test_running_it_twice_changes_nothing_more(land_request):
    call_command("escalate_requests", "--date", "2025-02-07", stdout=StringIO())
    call_command("escalate_requests", "--date", "2025-02-07", stdout=StringIO())
    assert land_request.events.filter(kind="escalated").count() == 1


def test_the_task_reports_how_many_it_escalated(land_request):
    from xuctien.aftercare.tasks import escalate_requests

    result = escalate_requests.enqueue(day="2025-02-14")
    assert result.return_value == {"escalated": 1}


def test_a_bad_date_is_refused():
    with pytest.raises(CommandError):
        call_command("escalate_requests", "--date", "07/02/2025")
