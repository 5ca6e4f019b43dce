"""The vectorised forecast against answers computed by hand (no database).

Each project counts in a run with one chance: its stage's probability times the chance
that its IRC comes by the deadline. Small pipelines are checked against the exact
distribution of totals, enumerated by hand; large ones, which the simulation draws in
blocks of runs, against totals that cannot vary.
"""

import dataclasses
import datetime as dt

import pytest

from xuctien.investments.forecast import (
    BLOCK,
    Arrivals,
    PipelineProject,
    StageAssumption,
    estimate,
    reach_chances,
    simulate,
)
from xuctien.investments.stages import Stage

AS_OF = dt.date(2025, 1, 1)
DEADLINE = dt.date(2025, 12, 31)


def capital(project):
    return project.capital


def run(projects, assumptions, *, target, achieved=0.0, runs=40000, arrivals=None, as_of=AS_OF):
    return simulate(
        projects,
        assumptions,
        value=capital,
        achieved=achieved,
        target=target,
        target_year=DEADLINE.year,
        as_of=as_of,
        runs=runs,
        seed=3,
        arrivals=arrivals,
    )


def entered(slack: int) -> dt.date:
    """The day a project entered its stage, ``slack`` days before the deadline."""
    return DEADLINE - dt.timedelta(days=slack)


def converting_history(days: int, count: int = 10):
    """``count`` leads that all reached their IRC, each ``days`` after becoming a lead."""
    start = dt.date(2020, 1, 1)
    return [
        [(Stage.LEAD, start), (Stage.IRC_ISSUED, start + dt.timedelta(days=days))]
        for _ in range(count)
    ]


def without_prior(assumption: StageAssumption) -> StageAssumption:
    """The history alone: a Beta(1, 0) prior, so 10 successes of 10 give exactly 1."""
    return dataclasses.replace(assumption, prior_alpha=1.0, prior_beta=0.0)


def test_a_history_where_every_lead_converts_gives_a_deterministic_total():
    lead = without_prior(estimate(converting_history(days=30))[Stage.LEAD])
    assert (lead.probability, lead.days_to_irc) == (1.0, (30,) * 10)
    projects = [
        PipelineProject(f"P{i}", Stage.LEAD, AS_OF, capital=float(i % 7 + 1)) for i in range(300)
    ]
    total = sum(i % 7 + 1 for i in range(300))  # 42 weeks of 1..7 (28 each), then 1..6

    result = run(projects, {Stage.LEAD: lead}, achieved=5.0, target=total + 5.0, runs=1000)

    assert total == 42 * 28 + 21
    assert result.p10 == result.p50 == result.p90 == 5.0 + 1197
    assert result.probability == 1.0
    assert run(projects, {Stage.LEAD: lead}, target=total + 0.5, runs=1000).probability == 0.0


def test_runs_drawn_in_blocks_keep_the_binomial_spread():
    # 2,500 projects of 1, each in with chance 1/2: a total ~ Binomial(2500, 1/2), mean
    # 1,250, sd 25; P10 and P90 at 1,250 ∓ 1.2816 × 25 = 1,218 and 1,282.
    coin = {Stage.LEAD: StageAssumption(Stage.LEAD, 0, 0, 0.5, 0.5, (30,) * 3, 30)}
    projects = [PipelineProject(f"P{i}", Stage.LEAD, AS_OF, capital=1.0) for i in range(2500)]
    assert BLOCK < 2500 * 2000  # more than one block of runs

    result = run(projects, coin, target=1250.0, runs=2000)

    assert result.p50 == pytest.approx(1250, abs=4)
    assert (result.p10, result.p90) == (pytest.approx(1218, abs=5), pytest.approx(1282, abs=5))


def test_a_history_too_slow_for_the_deadline_adds_nothing():
    lead = without_prior(estimate(converting_history(days=800))[Stage.LEAD])
    projects = [PipelineProject("Slow", Stage.LEAD, AS_OF, capital=9.0)]  # IRC in 2027

    result = run(projects, {Stage.LEAD: lead}, achieved=2.0, target=3.0, runs=500)

    assert result.p10 == result.p90 == 2.0
    assert result.probability == 0.0


def three_projects():
    """A certain to be in time (p 0.6); B by history, 2 of 4 durations in time (p 0.5);
    C by the prior, 900 days × U(0.5, 1.5) ≤ 674 a quarter of the time (p 0.8)."""
    a = StageAssumption(Stage.DOSSIER, 0, 0, 0.6, 0.4, (30,) * 3, 30)
    b = StageAssumption(Stage.SITE_VISIT, 0, 0, 0.5, 0.5, (300, 500, 700, 900), 365)
    c = StageAssumption(Stage.LEAD, 0, 0, 0.8, 0.2, (), 900)
    projects = [
        PipelineProject("A", Stage.DOSSIER, entered(700), capital=10.0),
        PipelineProject("B", Stage.SITE_VISIT, entered(600), capital=20.0),
        PipelineProject("C", Stage.LEAD, entered(674), capital=40.0),
    ]
    return projects, {a.stage: a, b.stage: b, c.stage: c}


def test_each_projects_chance_is_its_stage_probability_times_being_in_time():
    projects, assumptions = three_projects()
    chances = reach_chances(projects, assumptions, DEADLINE)
    # A: 0.6 × 1; B: 0.5 × 2/4; C: 0.8 × P(U < 675 / 900) = 0.8 × 0.25
    assert chances.tolist() == pytest.approx([0.6, 0.25, 0.2])


def test_the_simulated_chance_matches_the_exact_distribution():
    projects, assumptions = three_projects()
    # 30 or more: C (40) alone, or A and B (10 + 20) without C: 0.2 + 0.8 × 0.6 × 0.25
    exact = 0.2 + 0.8 * 0.6 * 0.25
    result = run(projects, assumptions, target=30.0)
    assert exact == pytest.approx(0.32)
    assert result.probability == pytest.approx(exact, abs=4 * (exact * (1 - exact) / 40000) ** 0.5)
    # P10 is 0: nothing comes with chance 0.4 × 0.75 × 0.8 = 0.24. P90 is 50: 50 or more
    # (C with A or B) comes with 0.2 × (1 - 0.4 × 0.75) = 0.14, 60 or more with 0.2 × 0.25.
    assert result.p10 == 0.0
    assert result.p90 == 50.0


def test_an_irc_that_would_already_have_come_counts_on_the_day_of_the_forecast():
    # Entered long ago with 30 days to go: its IRC is placed at as_of, inside the period.
    old = [PipelineProject("Old", Stage.DOSSIER, dt.date(2015, 1, 1), capital=4.0)]
    certain = {Stage.DOSSIER: StageAssumption.certain(Stage.DOSSIER)}
    assert run(old, certain, target=4.0, runs=100).probability == 1.0


def test_arrivals_this_year_count_for_the_days_left():
    # Two IRCs of 1 a year; on 2 July, 182 of 365 days are left: each is kept with that
    # chance, so at least one comes with 1 - (1 - 182/365)².
    left = 182 / 365
    exact = 1 - (1 - left) ** 2
    result = run([], {}, target=1.0, as_of=dt.date(2025, 7, 2), arrivals=Arrivals((2,), (1.0,)))
    assert result.probability == pytest.approx(exact, abs=4 * (exact * (1 - exact) / 40000) ** 0.5)
    assert result.p90 == 2.0
