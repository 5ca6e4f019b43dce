"""The scorecard ranks agencies by how they keep their deadlines, not by name, and the
page says which period it shows in one number format."""

import copy
from datetime import date

import pytest
from django.urls import reverse

from xuctien.actions.scorecard import Row, Score, in_rank_order, ranked, scorecard

TODAY = date(2025, 7, 10)


def row(agency_id, name, due, status="not_started", completed=None):
    return Row(agency_id, name, due, status, completed)


def test_agencies_are_ranked_by_share_on_time_then_fewest_overdue():
    rows = [
        # "An Giang": 1 of 2 on time (50 %)
        row(1, "An Giang", date(2025, 3, 31), "done", date(2025, 3, 30)),
        row(1, "An Giang", date(2025, 3, 31), "done_late", date(2025, 4, 3)),
        # "Bắc Ninh": 2 of 2 on time (100 %)
        row(2, "Bắc Ninh", date(2025, 3, 31), "done", date(2025, 3, 31)),
        row(2, "Bắc Ninh", date(2025, 6, 30), "done", date(2025, 6, 1)),
        # "Cà Mau": 1 of 2 on time (50 %), one overdue: after An Giang
        row(3, "Cà Mau", date(2025, 3, 31), "done", date(2025, 3, 1)),
        row(3, "Cà Mau", date(2025, 6, 30), "overdue"),
        # "Đà Nẵng": nothing decided yet: last
        row(4, "Đà Nẵng", date(2025, 12, 31)),
    ]

    totals = ranked(scorecard(rows, TODAY, by="year"))

    assert [t.agency for t in totals] == ["Bắc Ninh", "An Giang", "Cà Mau", "Đà Nẵng"]
    quarters = in_rank_order(scorecard(rows, TODAY, by="quarter"), totals)
    assert [(q.agency, q.period) for q in quarters] == [
        ("Bắc Ninh", "2025-Q1"),
        ("Bắc Ninh", "2025-Q2"),
        ("An Giang", "2025-Q1"),
        ("Cà Mau", "2025-Q1"),
        ("Cà Mau", "2025-Q2"),
        ("Đà Nẵng", "2025-Q4"),
    ]


@pytest.mark.django_db
def test_the_period_selector_shows_the_period_of_the_table(client, secretariat):
    client.force_login(secretariat)

    html = client.get(reverse("actions:scorecard")).content.decode()

    assert '<option value="quarter" selected>' in html
    assert 'id="scorecard-period"' in html


@pytest.mark.django_db
def test_median_delays_share_one_format(client, secretariat, own_task):
    own_task.is_synthetic = False  # a real task: synthetic ones are scored apart
    own_task.save()
    client.force_login(secretariat)

    response = client.get(reverse("actions:scorecard"), {"year": 2025, "lang": "vi"})

    cells = [
        cell.split(">", 1)[1].split("<", 1)[0]
        for cell in response.content.decode().split('data-figure="median-delay"')[1:]
    ]
    assert cells
    assert all("," not in cell and "." not in cell for cell in cells)  # whole days


@pytest.mark.django_db
def test_the_cached_scorecard_follows_a_progress_report(client, secretariat, own_task):
    from xuctien.actions import services

    own_task.is_synthetic = False
    own_task.save()
    client.force_login(secretariat)
    url = reverse("actions:scorecard")
    year = own_task.occurrences.get().due_date.year
    [before] = client.get(url, {"year": year, "period": "year"}).context["totals"]
    occurrence = own_task.occurrences.get()
    services.report_progress(
        secretariat, occurrence, text="Xong.", percent=100, today=occurrence.due_date
    )
    [after] = client.get(url, {"year": year, "period": "year"}).context["totals"]
    assert (after.due, after.on_time) == (before.due, before.on_time + 1)


def test_a_scorecard_lists_the_best_synthetic_agencies_and_counts_the_others(monkeypatch):
    from xuctien.actions import scorecard as module
    from xuctien.actions.scorecard import Score, synthetic_shown

    monkeypatch.setattr(module, "SYNTHETIC_SHOWN", 2)
    totals = [
        Score(1, "A", "2025", due=2, overdue=2),  # 0 % on time
        Score(2, "B", "2025", due=2, on_time=2),  # 100 %
        Score(3, "C", "2025", due=2, on_time=1, late=1),  # 50 %
    ]
    shown = synthetic_shown(totals, ranked)
    assert [s.agency for s in shown["synthetic_totals"]] == ["B", "C"]
    assert shown["synthetic_more"] == 1


def test_the_best_synthetic_scores_kept_rank_as_all_of_them():
    """The task scorecard caches only the synthetic scores that can be listed whatever the
    agencies' names (``best_of``): the same 25 in the same order, the same "more"."""
    import random

    from xuctien.actions.scorecard import (
        SYNTHETIC_SHOWN,
        best_of,
        named,
        synthetic_shown,
    )

    generator = random.Random(12)
    for size in (0, 3, SYNTHETIC_SHOWN, SYNTHETIC_SHOWN + 1, 80, 500):
        totals = []
        for n in range(size):
            score = Score(n + 1, "", "2025", due=generator.randint(0, 4))
            score.on_time = generator.randint(0, score.due)
            score.overdue = generator.randint(0, score.due - score.on_time)
            score.delays = [generator.randint(1, 3) for _ in range(generator.randint(0, 2))]
            totals.append(score)
        # Few names, many ties: the name decides between agencies otherwise equal.
        names = {score.agency_id: generator.choice("ABCD") for score in totals}
        every = synthetic_shown(named(copy.deepcopy(totals), names), ranked)
        best = best_of(copy.deepcopy(totals), SYNTHETIC_SHOWN)
        kept = synthetic_shown(named(best, names), ranked, len(totals))
        assert kept["synthetic_more"] == every["synthetic_more"]
        assert [s.agency_id for s in kept["synthetic_totals"]] == [
            s.agency_id for s in every["synthetic_totals"]
        ]
        if size == 500:
            assert len(best) < 100
