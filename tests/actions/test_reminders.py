"""Reminders go out exactly once per occurrence and threshold, through the task backend."""

from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks import TaskResultStatus

from tests.actions.factories import TaskFactory
from tests.factories import UserFactory
from xuctien.actions.calendar import WorkCalendar
from xuctien.actions.models import ReminderLog
from xuctien.actions.reminders import due_reminder, send_reminders
from xuctien.core.roles import Role

pytestmark = pytest.mark.django_db
PLAIN = WorkCalendar()


def run(day: str) -> dict:
    result = send_reminders.enqueue(day=day)
    assert result.status == TaskResultStatus.SUCCESSFUL
    return result.return_value


@pytest.fixture
def task(officer, agency):
    # Due Friday 14 March 2025; 5 working days before = Fri 7 March, 1 before = Thu 13.
    return TaskFactory(lead_agency=agency, deadline=date(2025, 3, 14))


def test_due_reminder_picks_the_nearest_threshold_reached():
    due = date(2025, 3, 14)
    assert due_reminder(due, date(2025, 3, 6), (5, 1), PLAIN) is None
    assert due_reminder(due, date(2025, 3, 7), (5, 1), PLAIN) == ("before", 5)
    assert due_reminder(due, date(2025, 3, 13), (5, 1), PLAIN) == ("before", 1)
    assert due_reminder(due, date(2025, 3, 14), (5, 1), PLAIN) == ("before", 1)
    assert due_reminder(due, date(2025, 3, 17), (5, 1), PLAIN) == ("missed", 0)


def test_the_five_day_reminder_goes_out_once(task, officer):
    assert run("2025-03-07")["before"] == 1
    assert run("2025-03-07")["before"] == 0
    assert run("2025-03-10")["before"] == 0
    reminders = [m for m in mail.outbox if officer.email in m.to]
    assert len(reminders) == 1
    assert "14/03/2025" in reminders[0].subject
    assert ReminderLog.objects.filter(threshold=5, kind="before").count() == 1


def test_one_day_before_and_the_missed_day_each_send_once(task, officer):
    run("2025-03-07")
    run("2025-03-13")
    run("2025-03-13")
    run("2025-03-17")
    run("2025-03-18")
    sent = [m for m in mail.outbox if officer.email in m.to]
    assert len(sent) == 3
    assert set(ReminderLog.objects.values_list("kind", "threshold")) == {
        ("before", 5),
        ("before", 1),
        ("missed", 0),
    }


def test_nothing_is_sent_for_a_done_task(task, officer):
    occurrence = task.occurrences.get()
    occurrence.percent, occurrence.status = 100, "done"
    occurrence.completed_at = date(2025, 3, 1)
    occurrence.save()
    run("2025-03-13")
    assert not [m for m in mail.outbox if officer.email in m.to]


def test_no_reminders_on_a_day_off(task):
    assert run("2025-03-08") == {"before": 0, "missed": 0, "digest": 0}  # a Saturday


def test_the_secretariat_gets_one_digest_a_day(task, secretariat):
    run("2025-03-17")
    run("2025-03-17")
    digests = [m for m in mail.outbox if secretariat.email in m.to]
    assert len(digests) == 1
    assert "1" in digests[0].subject
    assert task.title_vi in digests[0].body


def test_an_english_speaking_officer_gets_the_reminder_in_english(task, agency):
    UserFactory(username="en_officer", role=Role.AGENCY, agency=agency, language="en")
    run("2025-03-17")
    english = next(m for m in mail.outbox if "en_officer@example.vn" in m.to)
    assert "Deadline missed" in english.subject


def test_the_command_enqueues_the_task(task, officer):
    call_command("send_reminders", "--date", "2025-03-07")
    assert len([m for m in mail.outbox if officer.email in m.to]) == 1
