"""Every entered indicator of every programme assessed in polars: the yardstick of issue 12.

The same rules as ``xuctien.programmes.assessment`` for exact yearly figures at the province
level (the figures the dashboards assess): the applicable target, the expected value
(a level's path from the baseline through each target year, a cumulative's share of its
target, a rate's target), and the status (achieved, on track, at risk, off track, no data,
to date). Left out, so counted as disagreements where they matter: spans, partial-period
lower bounds, ranges and qualifiers (treated as exact), the other documents' side verdicts.
Floats, not decimals: a figure exactly on a tolerance edge may land the other side.

``assess_all(connection)`` returns one row per (indicator, year): expected and status.
"""

import polars as pl

INDICATORS = """
SELECT i.id, i.behaviour, i.direction, i.tolerance::float8, p.number
FROM programmes_indicator i JOIN programmes_programme p ON p.id = i.programme_id
WHERE i.registry_feed = '' AND i.formula = ''
"""
TARGETS = """
SELECT t.indicator_id, t.start_year, t.year AS t_year, t.value::float8, t.value_high::float8,
       t.qualifier, t.document
FROM programmes_target t
WHERE t.status = 'approved' AND t.locality_id IS NULL
  AND NOT EXISTS (SELECT 1 FROM programmes_target r WHERE r.revises_id = t.id)
"""
BASELINES = """
SELECT b.indicator_id, b.year AS b_year, b.value::float8 AS b_value
FROM programmes_baseline b
WHERE b.status = 'approved'
  AND NOT EXISTS (SELECT 1 FROM programmes_baseline r WHERE r.revises_id = b.id)
"""
FIGURES = """
SELECT o.indicator_id, o.year AS f_year, o.value::float8 AS f_value, o.estimate,
       o.approved_at, o.id
FROM programmes_observation o JOIN core_locality l ON l.id = o.locality_id
WHERE o.status = 'approved' AND o.accepted AND o.value IS NOT NULL AND o.zone_id IS NULL
  AND l.parent_id IS NULL AND o.period_kind = 'year'
"""
RANK = {"final": 0, "provisional": 1, "estimate": 2, "forecast": 3}


def _frame(connection, sql: str, names: list[str]) -> pl.DataFrame:  # type: ignore[no-untyped-def]
    with connection.cursor() as cursor:
        cursor.execute(sql.replace("::float8", "") if connection.vendor != "postgresql" else sql)
        rows = cursor.fetchall()
    return pl.DataFrame(rows, schema=names, orient="row", infer_schema_length=None)


def load(connection) -> dict[str, pl.DataFrame]:  # type: ignore[no-untyped-def]
    return {
        "indicators": _frame(
            connection, INDICATORS, ["indicator_id", "behaviour", "direction", "tol", "number"]
        ),
        "targets": _frame(
            connection,
            TARGETS,
            ["indicator_id", "start_year", "t_year", "value", "high", "qualifier", "document"],
        ),
        "baselines": _frame(connection, BASELINES, ["indicator_id", "b_year", "b_value"]),
        "figures": _frame(
            connection,
            FIGURES,
            ["indicator_id", "f_year", "f_value", "estimate", "approved_at", "id"],
        ),
    }


def assess_all(connection, complete_until: int) -> pl.DataFrame:  # type: ignore[no-untyped-def]
    """(indicator_id, year, expected, status) for every entered indicator with targets."""
    data = load(connection)
    return assess(data, complete_until)


def assess(data: dict[str, pl.DataFrame], complete_until: int) -> pl.DataFrame:
    ind = data["indicators"].with_columns(pl.col("tol").cast(pl.Float64))
    higher = pl.col("direction") == "higher"
    targets = (
        data["targets"]
        .join(ind, on="indicator_id")
        .with_columns(
            own=pl.col("number").str.len_chars().gt(0)
            & pl.col("document").str.contains(pl.col("number"), literal=True),
            goal=pl.when(~higher & pl.col("high").is_not_null())
            .then(pl.col("high"))
            .otherwise(pl.col("value"))
            .cast(pl.Float64),
            strict=pl.col("qualifier").is_in(["over", "under"]),
        )
        .with_columns(primary=~pl.col("own").any().over("indicator_id") | pl.col("own"))
        .select("indicator_id", "start_year", "t_year", "goal", "strict", "primary")
    )
    baselines = (
        data["baselines"]
        .sort("indicator_id", "b_year")
        .group_by("indicator_id", maintain_order=True)
        .first()
        .with_columns(pl.col("b_value").cast(pl.Float64))
    )
    figures = (
        data["figures"]
        .with_columns(
            rank=pl.col("estimate").replace_strict(RANK, default=9),
            f_value=pl.col("f_value").cast(pl.Float64),
        )
        .sort(["rank", "approved_at", "id"], descending=[False, True, True], nulls_last=True)
        .group_by("indicator_id", "f_year", maintain_order=True)
        .first()
        .select("indicator_id", "f_year", "f_value")
    )
    # The years assessed: after the baseline (else from the first window) to the last target.
    span = (
        targets.group_by("indicator_id")
        .agg(first_start=pl.col("start_year").min(), last=pl.col("t_year").max())
        .join(baselines, on="indicator_id", how="left")
        .with_columns(
            first=pl.when(pl.col("b_year").is_not_null())
            .then(pl.col("b_year") + 1)
            .otherwise(pl.col("first_start"))
        )
    )
    grid = (
        span.with_columns(year=pl.int_ranges("first", pl.col("last") + 1))
        .explode("year")
        .select("indicator_id", "year", "b_year", "b_value")
        .join(ind.select("indicator_id", "behaviour", "direction", "tol"), on="indicator_id")
    )
    # The applicable target: covering the year, primary first, ending earliest, narrowest.
    covering = (
        grid.select("indicator_id", "year")
        .join(targets, on="indicator_id")
        .filter((pl.col("start_year") <= pl.col("year")) & (pl.col("year") <= pl.col("t_year")))
        .sort(["primary", "t_year", "start_year"], descending=[True, False, True])
        .group_by("indicator_id", "year", maintain_order=True)
        .first()
    )
    # A level between targets follows the path to the next target.
    later = (
        grid.select("indicator_id", "year")
        .join(targets, on="indicator_id")
        .filter(pl.col("t_year") > pl.col("year"))
        .sort(["t_year", "primary", "start_year"], descending=[False, True, True])
        .group_by("indicator_id", "year", maintain_order=True)
        .first()
    )
    earliest_target = targets.group_by("indicator_id").agg(t_min=pl.col("t_year").min())
    grid = (
        grid.join(covering, on=["indicator_id", "year"], how="left")
        .join(later, on=["indicator_id", "year"], how="left", suffix="_later")
        .join(earliest_target, on="indicator_id")
    )
    level = pl.col("behaviour") == "level"
    has_start = (pl.col("b_year") < pl.col("year")).fill_null(False) | (
        pl.col("t_min") < pl.col("year")
    )
    use_later = (
        level & pl.col("t_year").is_null() & pl.col("t_year_later").is_not_null() & has_start
    )
    grid = grid.with_columns(
        [
            pl.when(use_later).then(pl.col(f"{c}_later")).otherwise(pl.col(c)).alias(c)
            for c in ("start_year", "t_year", "goal", "strict", "primary")
        ]
    ).drop([c for c in grid.columns if c.endswith("_later")])
    grid = _level_expected(grid, targets, baselines)
    grid = _window_figures(grid, figures)
    return _status(grid, complete_until)


def _level_expected(grid: pl.DataFrame, targets: pl.DataFrame, baselines: pl.DataFrame):  # type: ignore[no-untyped-def]
    corners = (
        targets.sort(["primary", "start_year"], descending=[True, True])
        .group_by("indicator_id", "t_year", maintain_order=True)
        .first()
        .select("indicator_id", x=pl.col("t_year"), v=pl.col("goal"))
    )
    corners = pl.concat(
        [corners, baselines.select("indicator_id", x=pl.col("b_year"), v=pl.col("b_value"))]
    ).sort("indicator_id", "x")
    first = corners.group_by("indicator_id").agg(x_first=pl.col("x").min())
    keys = grid.select("indicator_id", "year").unique().sort("year")
    ordered = corners.sort("x")
    before = keys.join_asof(
        ordered.rename({"x": "x0", "v": "v0"}),
        left_on="year",
        right_on="x0",
        by="indicator_id",
        check_sortedness=False,
        strategy="backward",
        allow_exact_matches=False,
    )
    after = keys.join_asof(
        ordered.rename({"x": "x1", "v": "v1"}),
        left_on="year",
        right_on="x1",
        by="indicator_id",
        check_sortedness=False,
        strategy="forward",
    )
    path = before.join(after, on=["indicator_id", "year"]).join(first, on="indicator_id")
    path = path.with_columns(
        level_expected=pl.when(pl.col("year") == pl.col("x_first"))
        .then(pl.col("v1"))
        .when(pl.col("x0").is_not_null() & pl.col("x1").is_not_null())
        .then(
            pl.col("v0")
            + (pl.col("v1") - pl.col("v0"))
            * (pl.col("year") - pl.col("x0"))
            / (pl.col("x1") - pl.col("x0"))
        )
    ).select("indicator_id", "year", "level_expected")
    return grid.join(path, on=["indicator_id", "year"], how="left")


def _window_figures(grid: pl.DataFrame, figures: pl.DataFrame) -> pl.DataFrame:
    """The year's own figure, and the window's total, log-growth and count so far."""
    own = figures.rename({"f_year": "year", "f_value": "actual"})
    window = (
        grid.select("indicator_id", "year", "start_year")
        .filter(pl.col("start_year").is_not_null())
        .join(figures, on="indicator_id")
        .filter((pl.col("f_year") >= pl.col("start_year")) & (pl.col("f_year") <= pl.col("year")))
        .group_by("indicator_id", "year")
        .agg(
            total=pl.col("f_value").sum(),
            log_factor=(1 + pl.col("f_value") / 100).log().sum(),
            observed=pl.len(),
        )
    )
    return (
        grid.join(own, on=["indicator_id", "year"], how="left")
        .join(window, on=["indicator_id", "year"], how="left")
        .with_columns(pl.col("observed").fill_null(0))
    )


def _grade(value: pl.Expr, expected: pl.Expr, edge: pl.Expr, higher: pl.Expr) -> pl.Expr:
    better = pl.when(higher).then(value >= expected).otherwise(value <= expected)
    beyond = pl.when(higher).then(value < edge).otherwise(value > edge)
    return pl.when(better).then(pl.lit("on_track")).when(beyond).then(pl.lit("off_track"))


def _status(grid: pl.DataFrame, complete_until: int) -> pl.DataFrame:
    higher = pl.col("direction") == "higher"
    tol, goal, year = pl.col("tol"), pl.col("goal"), pl.col("year")
    length = pl.col("t_year") - pl.col("start_year") + 1
    elapsed = year - pl.col("start_year") + 1
    has_target = pl.col("t_year").is_not_null()
    actual = pl.col("actual")

    def meets(value: pl.Expr) -> pl.Expr:
        strict_high = pl.when(pl.col("strict")).then(value > goal).otherwise(value >= goal)
        strict_low = pl.when(pl.col("strict")).then(value < goal).otherwise(value <= goal)
        return pl.when(higher).then(strict_high).otherwise(strict_low)

    def edge(expected: pl.Expr) -> pl.Expr:
        allowance = tol * expected.abs()
        return pl.when(higher).then(expected - allowance).otherwise(expected + allowance)

    # level
    l_expected = pl.col("level_expected")
    level_status = (
        pl.when(actual.is_null())
        .then(pl.lit("no_data"))
        .when(meets(actual))
        .then(pl.lit("achieved"))
        .when(l_expected.is_null())
        .then(pl.lit("no_data"))
        .otherwise(
            _grade(actual, l_expected, edge(l_expected), higher).otherwise(pl.lit("at_risk"))
        )
    )
    # cumulative
    c_expected = goal * elapsed / length
    complete = actual.is_not_null() & (pl.col("observed") == elapsed)
    total = pl.col("total")
    cumulative_status = (
        pl.when(~complete)
        .then(pl.lit("no_data"))
        .when(meets(total) & (higher | (year == pl.col("t_year"))))
        .then(pl.lit("achieved"))
        .otherwise(_grade(total, c_expected, edge(c_expected), higher).otherwise(pl.lit("at_risk")))
    )
    # rate, compared on growth factors
    n = pl.col("observed")
    factor = pl.col("log_factor").exp()
    goal_factor = (1 + goal / 100).pow(n)
    edge_factor = (1 + edge(goal) / 100).pow(n)
    done = (year == pl.col("t_year")) & (n == length)
    rate_status = (
        pl.when(actual.is_null())
        .then(pl.lit("no_data"))
        .when(done & pl.when(higher).then(factor >= goal_factor).otherwise(factor <= goal_factor))
        .then(pl.lit("achieved"))
        .otherwise(_grade(factor, goal_factor, edge_factor, higher).otherwise(pl.lit("at_risk")))
    )
    behaviour = pl.col("behaviour")
    status = (
        pl.when(~has_target)
        .then(pl.lit("no_data"))
        .when(behaviour == "level")
        .then(level_status)
        .when(behaviour == "rate")
        .then(rate_status)
        .otherwise(cumulative_status)
    )
    expected = (
        pl.when(~has_target)
        .then(None)
        .when(behaviour == "level")
        .then(l_expected)
        .when(behaviour == "rate")
        .then(goal)
        .otherwise(c_expected)
    )
    shown = (
        pl.when(behaviour == "level")
        .then(actual.is_not_null())
        .when(behaviour == "rate")
        .then(has_target & actual.is_not_null())
        .otherwise(has_target & complete)
    )
    to_date = (year > complete_until) & shown
    return grid.select(
        "indicator_id",
        "year",
        expected=expected,
        status=pl.when(to_date).then(pl.lit("to_date")).otherwise(status),
    ).sort("indicator_id", "year")
