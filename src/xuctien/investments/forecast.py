"""Will the pipeline carry the targets? A Monte Carlo forecast, pure (no database).

For each pipeline project (a stage before the IRC), one run of the simulation decides:

1. whether it reaches its IRC, with the probability of its stage: the historical share of
   projects that, having entered that stage, reached an IRC rather than left; blended with
   a Beta prior so a stage with little history leans on the prior
   (posterior mean (α + k) / (α + β + n) for k successes out of n resolved projects);
2. when: a duration drawn from the days from entering that stage to the IRC observed in
   history, or, with fewer than ``MIN_HISTORY`` observations, the prior's days ×
   uniform(0.5, 1.5). An IRC that would already have come is placed at ``as_of``.

A run adds the capital (or jobs) of every project whose IRC falls by the end of the target
year to what has been achieved, plus the **arrival of new projects** not yet in the pipeline
(:class:`Arrivals`): for each year still to come, a number of new IRCs resampled from the
registry's yearly counts, each with a size resampled from the registry's past sizes (the
rest of the current year counts in proportion to the days left). The probability is the
share of runs reaching the target. A target whose year is over (a closed period) gets no
probability: its outcome is known, and the assessment says it.
P10/P50/P90 are quantiles of the simulated totals. The random generator (numpy's
``default_rng``) is seeded, so the same inputs give the same answer. The stage
probabilities are the posterior means, not drawn per run: projects are independent given
them, which keeps hand checks simple.

The runs are drawn together with numpy, a matrix of runs × projects. Steps 1 and 2 are
independent draws whose only effect is whether the project counts, so each project's
chance of counting is computed once (:func:`reach_chances`) and each run draws one
Bernoulli of it: the same distribution of totals as drawing both, at half the cost.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from statistics import median

import numpy as np

from xuctien.investments.stages import EXITS, PRE_IRC, Stage

MIN_HISTORY = 3
PRIOR_STRENGTH = 4.0
#: Assumptions where history is thin: chance of reaching an IRC, and days to it.
PRIOR_PROBABILITY = {
    Stage.LEAD: 0.10,
    Stage.PROSPECT: 0.20,
    Stage.SITE_VISIT: 0.35,
    Stage.DOSSIER: 0.60,
    Stage.POLICY_APPROVED: 0.85,
}
PRIOR_DAYS = {
    Stage.LEAD: 540,
    Stage.PROSPECT: 420,
    Stage.SITE_VISIT: 300,
    Stage.DOSSIER: 180,
    Stage.POLICY_APPROVED: 90,
}


@dataclass(frozen=True)
class StageAssumption:
    """What the simulation assumes of one stage, and the history behind it."""

    stage: str
    successes: int = 0
    resolved: int = 0
    prior_alpha: float = 1.0
    prior_beta: float = 1.0
    days_to_irc: tuple[int, ...] = ()
    prior_days: int = 365

    @property
    def probability(self) -> float:
        weight = self.prior_alpha + self.prior_beta + self.resolved
        return (self.prior_alpha + self.successes) / weight if weight else 0.0

    @property
    def label(self) -> str:
        return str(Stage(self.stage).label) if self.stage in Stage.values else self.stage

    @property
    def uses_history_for_time(self) -> bool:
        return len(self.days_to_irc) >= MIN_HISTORY

    @property
    def median_days(self) -> float:
        return median(self.days_to_irc) if self.uses_history_for_time else self.prior_days

    @classmethod
    def certain(cls, stage: str, days: int = 30) -> "StageAssumption":
        """Every project of the stage reaches its IRC in ``days`` (for known answers)."""
        return cls(stage, 1, 1, 1.0, 0.0, (days,) * MIN_HISTORY, days)

    @classmethod
    def with_prior(
        cls, stage: str, successes: int, resolved: int, days: Sequence[int]
    ) -> "StageAssumption":
        """History blended with this module's prior for the stage."""
        mean = PRIOR_PROBABILITY.get(stage, 0.5)
        return cls(
            stage,
            successes,
            resolved,
            mean * PRIOR_STRENGTH,
            (1 - mean) * PRIOR_STRENGTH,
            tuple(days),
            PRIOR_DAYS.get(stage, 365),
        )


@dataclass(frozen=True)
class PipelineProject:
    """A project not yet at its IRC, with what it would bring."""

    name: str
    stage: str
    entered: dt.date
    capital: float = 0.0
    jobs: float = 0.0


@dataclass(frozen=True)
class Arrivals:
    """The registry's history of new projects: IRCs per observed year, and their sizes.

    ``yearly_counts`` holds one count per complete year observed (zeros included) and
    ``sizes`` the value (capital or jobs) of each IRC in those years. Each simulated future
    year draws one count and that many sizes, with replacement: the assumption is that the
    years to come resemble the years observed.
    """

    yearly_counts: tuple[int, ...] = ()
    sizes: tuple[float, ...] = ()
    first_year: int | None = None
    last_year: int | None = None

    @property
    def usable(self) -> bool:
        return bool(self.yearly_counts) and bool(self.sizes)

    @property
    def mean_count(self) -> float:
        return sum(self.yearly_counts) / len(self.yearly_counts) if self.yearly_counts else 0.0

    @property
    def mean_size(self) -> float:
        return sum(self.sizes) / len(self.sizes) if self.sizes else 0.0

    @classmethod
    def from_history(
        cls, ircs: Iterable[tuple[int, float]], first_year: int, last_year: int
    ) -> "Arrivals":
        """From (IRC year, value) pairs over the complete years ``first_year..last_year``."""
        counts = dict.fromkeys(range(first_year, last_year + 1), 0)
        sizes = []
        for year, size in ircs:
            if year in counts and size > 0:
                counts[year] += 1
                sizes.append(size)
        if not counts:
            return cls()
        return cls(tuple(counts.values()), tuple(sizes), first_year, last_year)


@dataclass(frozen=True)
class Forecast:
    """The chance of reaching ``target`` by the end of ``target_year``, and the spread."""

    target_year: int
    target: float
    achieved: float
    probability: float | None
    p10: float
    p50: float
    p90: float
    runs: int
    seed: int
    projects: int
    assumptions: tuple[StageAssumption, ...] = field(default_factory=tuple)
    arrivals: Arrivals | None = None
    #: the target year is over: no probability, the outcome is known
    closed: bool = False


def simulate(
    projects: Iterable[PipelineProject],
    assumptions: dict[str, StageAssumption],
    *,
    value: Callable[[PipelineProject], float],
    achieved: float,
    target: float,
    target_year: int,
    as_of: dt.date,
    runs: int = 5000,
    seed: int = 2020,
    arrivals: Arrivals | None = None,
) -> Forecast:
    """Run the simulation; see the module's notes for what one run decides."""
    pipeline = [p for p in projects if p.stage in assumptions and value(p)]
    deadline = dt.date(target_year, 12, 31)
    if deadline < as_of:
        # A closed period: what happened is known; no chance is given for it.
        return Forecast(
            target_year,
            target,
            achieved,
            None,
            achieved,
            achieved,
            achieved,
            0,
            seed,
            0,
            arrivals=arrivals,
            closed=True,
        )
    rng = np.random.default_rng(seed)
    chances = reach_chances(pipeline, assumptions, deadline)
    values = np.array([value(p) for p in pipeline], dtype=np.float64)
    totals = achieved + _pipeline_totals(rng, chances, values, runs)
    totals += _arrival_totals(rng, arrivals, as_of, deadline, runs)
    totals.sort()
    return Forecast(
        target_year=target_year,
        target=target,
        achieved=achieved,
        probability=int(np.count_nonzero(totals >= target)) / runs,
        p10=_quantile(totals, 0.1),
        p50=_quantile(totals, 0.5),
        p90=_quantile(totals, 0.9),
        runs=runs,
        seed=seed,
        projects=len(pipeline),
        assumptions=tuple(assumptions[s] for s in PRE_IRC if s in assumptions),
        arrivals=arrivals,
    )


def reach_chances(
    pipeline: Sequence[PipelineProject],
    assumptions: dict[str, StageAssumption],
    deadline: dt.date,
) -> np.ndarray:
    """Each project's chance of an IRC dated by ``deadline``: its stage's probability times
    the chance that the drawn duration ends in time.

    An IRC placed at ``as_of`` (one that would already have come) is in time, since the
    period is open. With the days d drawn, the IRC is ``entered + ⌊d⌋``, in time when
    ⌊d⌋ ≤ slack (the days from entering to the deadline): from history, the share of
    observed durations ≤ slack; from the prior, d = days × U(0.5, 1.5), so
    P(⌊d⌋ ≤ slack) = P(U < (slack + 1) / days), clipped to [0, 1]. Drawing one Bernoulli
    of this chance per project and run gives the totals the two draws gave, in one step.
    """
    chances = np.zeros(len(pipeline))
    slack = np.array([(deadline - p.entered).days for p in pipeline], dtype=np.float64)
    stages = np.array([p.stage for p in pipeline], dtype=object)
    for stage, assumption in assumptions.items():
        mine = stages == stage
        if not mine.any():
            continue
        chances[mine] = assumption.probability * _in_time(assumption, slack[mine])
    return chances


def _in_time(assumption: StageAssumption, slack: np.ndarray) -> np.ndarray:
    if assumption.uses_history_for_time:
        observed = np.sort(np.asarray(assumption.days_to_irc, dtype=np.float64))
        return np.searchsorted(observed, slack, side="right") / len(observed)
    if assumption.prior_days <= 0:
        return (slack >= 0).astype(np.float64)
    return np.clip((slack + 1) / assumption.prior_days - 0.5, 0.0, 1.0)


#: Random numbers drawn at once, at most: bounds the memory of a national pipeline.
BLOCK = 2_000_000


def _pipeline_totals(
    rng: np.random.Generator, chances: np.ndarray, values: np.ndarray, runs: int
) -> np.ndarray:
    """Per run, the value of the projects whose IRC comes in time."""
    certain = float(values[chances >= 1].sum())
    uncertain = (chances > 0) & (chances < 1)
    chances, values = chances[uncertain], values[uncertain]
    totals = np.full(runs, certain)
    if not len(chances):
        return totals
    # Single precision is ample for a chance (a bias below 10⁻⁷) and halves the draws' cost.
    chances = chances.astype(np.float32)
    block = max(1, BLOCK // len(chances))
    for start in range(0, runs, block):
        size = min(block, runs - start)
        hits = rng.random((size, len(chances)), dtype=np.float32) < chances
        totals[start : start + size] += (hits * values).sum(axis=1)
    return totals


def _arrival_totals(
    rng: np.random.Generator,
    arrivals: Arrivals | None,
    as_of: dt.date,
    deadline: dt.date,
    runs: int,
) -> np.ndarray:
    """Per run, the value of new projects arriving from ``as_of`` to ``deadline``."""
    totals = np.zeros(runs)
    if arrivals is None or not arrivals.usable:
        return totals
    year_end = dt.date(as_of.year, 12, 31)
    left = (year_end - as_of).days / ((year_end - dt.date(as_of.year, 1, 1)).days + 1)
    counts = np.asarray(arrivals.yearly_counts, dtype=np.int64)
    sizes = np.asarray(arrivals.sizes, dtype=np.float64)
    years = deadline.year - as_of.year + 1
    drawn = rng.choice(counts, size=(runs, years))
    # This year counts only for the days still left in it: each of its IRCs is kept with
    # that chance.
    per_run = rng.binomial(drawn[:, 0], left) + drawn[:, 1:].sum(axis=1)
    block = max(1, BLOCK // max(1, int(counts.max()) * years))
    for start in range(0, runs, block):
        chunk = per_run[start : start + block]
        owner = np.repeat(np.arange(len(chunk)), chunk)
        picked = rng.choice(sizes, size=len(owner))
        totals[start : start + len(chunk)] = np.bincount(
            owner, weights=picked, minlength=len(chunk)
        )
    return totals


def _quantile(ordered: Sequence[float] | np.ndarray, q: float) -> float:
    """The nearest-rank quantile of a sorted sequence."""
    if not len(ordered):
        return 0.0
    index = min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))
    return float(ordered[index])


def estimate(histories: Iterable[Sequence[tuple[str, dt.date]]]) -> dict[str, StageAssumption]:
    """Each pre-IRC stage's assumption from projects' dated stage histories.

    A history is the project's (stage entered, date) in order. For every stage it
    entered, a project counts as a success if it later reached an IRC (with the days it
    took), as a failure if it later left (withdrawn or terminated) before any IRC, and not
    at all while still undecided (or on hold).
    """
    successes = dict.fromkeys(PRE_IRC, 0)
    resolved = dict.fromkeys(PRE_IRC, 0)
    days: dict[str, list[int]] = {s: [] for s in PRE_IRC}
    for history in histories:
        outcome, when = _outcome(history)
        if outcome is None or when is None:
            continue
        for stage, entered in _first_entries(history, when):
            resolved[stage] += 1
            if outcome:
                successes[stage] += 1
                days[stage].append((when - entered).days)
    return {s: StageAssumption.with_prior(s, successes[s], resolved[s], days[s]) for s in PRE_IRC}


def _outcome(history: Sequence[tuple[str, dt.date]]) -> tuple[bool | None, dt.date | None]:
    for stage, day in history:
        if stage == Stage.IRC_ISSUED or (stage not in PRE_IRC and stage not in EXITS):
            return True, day
        if stage in (Stage.WITHDRAWN, Stage.TERMINATED):
            return False, day
    return None, None


def _first_entries(history, until: dt.date) -> list[tuple[str, dt.date]]:
    seen: dict[str, dt.date] = {}
    for stage, day in history:
        if day is None:
            continue  # a stage passed on an unknown date says nothing about durations
        if day > until:
            break
        if stage in PRE_IRC and stage not in seen:
            seen[stage] = day
    return list(seen.items())
