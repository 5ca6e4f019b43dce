"""The forecast on pipelines whose answer is known (no database)."""

import datetime as dt

import pytest

from xuctien.investments.forecast import (
    Arrivals,
    PipelineProject,
    StageAssumption,
    estimate,
    simulate,
)
from xuctien.investments.stages import Stage

AS_OF = dt.date(2024, 1, 1)


def capital(project):
    return project.capital


def run(projects, assumptions, *, achieved=0.0, target=50.0, year=2025, runs=20000):
    return simulate(
        projects,
        assumptions,
        value=capital,
        achieved=achieved,
        target=target,
        target_year=year,
        as_of=AS_OF,
        runs=runs,
        seed=7,
    )


def fixed(stage, probability, days=100):
    """A stage whose chance is exactly ``probability`` (all prior, no history)."""
    return StageAssumption(stage, 0, 0, probability, 1 - probability, (days,) * 3, days)


def test_a_certain_pipeline_meets_the_target_with_probability_one():
    projects = [
        PipelineProject("A", Stage.DOSSIER, AS_OF, capital=30.0),
        PipelineProject("B", Stage.DOSSIER, AS_OF, capital=25.0),
    ]
    result = run(projects, {Stage.DOSSIER: StageAssumption.certain(Stage.DOSSIER)})
    assert result.probability == 1.0
    assert result.p10 == result.p50 == result.p90 == 55.0


def test_an_empty_pipeline_cannot_meet_a_target_not_yet_met():
    result = run([], {}, achieved=20.0)
    assert result.probability == 0.0
    assert result.p50 == 20.0


def test_a_target_already_met_is_met_whatever_the_pipeline():
    assert run([], {}, achieved=60.0).probability == 1.0


def test_two_projects_needed_together_match_the_product_of_their_chances():
    # A (p = 0.6) and B (p = 0.5), 30 each; the target of 50 needs both: 0.6 * 0.5 = 0.30.
    projects = [
        PipelineProject("A", Stage.DOSSIER, AS_OF, capital=30.0),
        PipelineProject("B", Stage.SITE_VISIT, AS_OF, capital=30.0),
    ]
    assumptions = {
        Stage.DOSSIER: fixed(Stage.DOSSIER, 0.6),
        Stage.SITE_VISIT: fixed(Stage.SITE_VISIT, 0.5),
    }
    result = run(projects, assumptions)
    sigma = (0.3 * 0.7 / 20000) ** 0.5
    assert result.probability == pytest.approx(0.30, abs=4 * sigma)
    # Either suffices for 25: 1 - 0.4 * 0.5 = 0.80.
    either = run(projects, assumptions, target=25.0)
    assert either.probability == pytest.approx(0.80, abs=4 * (0.8 * 0.2 / 20000) ** 0.5)


def test_a_project_whose_irc_comes_after_the_target_year_does_not_count():
    late = [PipelineProject("Late", Stage.DOSSIER, AS_OF, capital=100.0)]
    slow = {Stage.DOSSIER: StageAssumption.certain(Stage.DOSSIER, days=800)}  # IRC in 2026
    assert run(late, slow).probability == 0.0
    assert run(late, slow, year=2030).probability == 1.0


def test_the_same_seed_gives_the_same_answer():
    projects = [PipelineProject("A", Stage.LEAD, AS_OF, capital=60.0)]
    assumptions = {Stage.LEAD: fixed(Stage.LEAD, 0.3)}
    assert run(projects, assumptions) == run(projects, assumptions)


def test_history_is_blended_with_the_prior():
    d = dt.date
    histories = [
        [
            (Stage.LEAD, d(2021, 1, 1)),
            (Stage.DOSSIER, d(2021, 6, 1)),
            (Stage.IRC_ISSUED, d(2021, 12, 1)),
        ],
        [(Stage.LEAD, d(2021, 1, 1)), (Stage.WITHDRAWN, d(2021, 3, 1))],
        [(Stage.LEAD, d(2022, 1, 1))],  # undecided: not counted
    ]
    assumptions = estimate(histories)
    lead = assumptions[Stage.LEAD]
    assert (lead.successes, lead.resolved, lead.days_to_irc) == (1, 2, (334,))
    # prior mean 0.1 with strength 4: alpha 0.4, beta 3.6 -> (0.4 + 1) / (4 + 2)
    assert lead.probability == pytest.approx(1.4 / 6)
    assert not lead.uses_history_for_time
    assert lead.median_days == 540  # the prior's, since one observation is thin
    dossier = assumptions[Stage.DOSSIER]
    assert (dossier.successes, dossier.resolved) == (1, 1)
    assert assumptions[Stage.PROSPECT].resolved == 0


# --- new projects beyond the pipeline -------------------------------------------------------

YEAR_END = dt.date(2024, 12, 31)  # nothing of the current year left: only whole years count


def with_arrivals(arrivals, *, achieved=10.0, target=30.0, year=2026, as_of=YEAR_END):
    return simulate(
        [],
        {},
        value=capital,
        achieved=achieved,
        target=target,
        target_year=year,
        as_of=as_of,
        runs=4000,
        seed=11,
        arrivals=arrivals,
    )


def test_a_steady_history_adds_exactly_its_yearly_arrivals():
    # Two IRCs of 5 every year of 2021-2023: 2025 and 2026 each bring 2 * 5 = 10.
    history = [(y, 5.0) for y in (2021, 2022, 2023) for _ in range(2)]
    arrivals = Arrivals.from_history(history, 2021, 2023)
    assert arrivals.yearly_counts == (2, 2, 2)
    result = with_arrivals(arrivals)
    assert result.p10 == result.p50 == result.p90 == 30.0  # 10 achieved + 2 years * 10
    assert result.probability == 1.0
    assert with_arrivals(arrivals, target=30.5).probability == 0.0


def test_arrivals_resample_the_yearly_counts():
    # Years with 0 or 4 IRCs of 1: one year to come brings 0 or 4, each half the time.
    arrivals = Arrivals((0, 4), (1.0,), 2022, 2023)
    result = with_arrivals(arrivals, achieved=0.0, target=4.0, year=2025)
    assert result.probability == pytest.approx(0.5, abs=0.03)
    assert (result.p10, result.p90) == (0.0, 4.0)


def test_a_year_with_no_irc_counts_as_zero_and_sizes_need_a_value():
    arrivals = Arrivals.from_history([(2021, 3.0), (2021, 0.0), (2023, 2.0)], 2021, 2023)
    assert arrivals.yearly_counts == (1, 0, 1)  # 2022 had none; a size of 0 is unknown
    assert arrivals.sizes == (3.0, 2.0)


def test_a_closed_period_gets_no_probability():
    result = with_arrivals(Arrivals((2,), (5.0,)), year=2023, as_of=dt.date(2024, 6, 1))
    assert result.closed
    assert result.probability is None
