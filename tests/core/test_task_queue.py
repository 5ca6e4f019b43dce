"""Background work through the production queue: django-tasks on RQ and Redis.

The demo runs tasks in-process (no server needed); production sets XT_TASKS_BACKEND=rq.
This test sends a real task of the app through Redis and runs it with an RQ worker.
"""

import os

import pytest
from django.test import override_settings
from django_tasks import TaskResultStatus

from xuctien.actions.reminders import send_reminders

pytestmark = [pytest.mark.redis, pytest.mark.django_db]

RQ_TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}


@pytest.fixture
def queue():
    import django_rq
    from redis.exceptions import ConnectionError as RedisDown

    default = django_rq.get_queue("default")
    try:
        default.connection.ping()
    except RedisDown:
        if os.environ.get("CI"):
            pytest.fail("CI must provide Redis at XT_REDIS_URL for the task-queue test")
        pytest.skip("no Redis server at XT_REDIS_URL")
    default.empty()
    yield default
    default.empty()


def run_worker() -> None:
    import django_rq
    from django_tasks_rq import Job
    from rq import SimpleWorker

    # SimpleWorker runs jobs in this process, inside the test's database transaction.
    worker = django_rq.get_worker("default", worker_class=SimpleWorker, job_class=Job)
    worker.work(burst=True)


@override_settings(TASKS=RQ_TASKS)
def test_a_task_goes_through_redis_and_a_worker_runs_it(queue):
    result = send_reminders.enqueue(day="2026-03-02")

    assert result.backend == "default"
    assert type(send_reminders.get_backend()).__name__ == "RQBackend"
    assert queue.count == 1
    run_worker()
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert queue.count == 0
