"""The national benchmark says how fast the machine was, before and after its run, and
what it measured without rounding it into a miss."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import national_run


def test_the_report_line_gives_the_loop_s_seconds_before_and_after():
    line = national_run._speed_line((0.96, 1.47))
    assert "0.96 s before the run and 1.47 s after it" in line


def test_no_speed_measured_writes_nothing():
    assert national_run._speed_line(None) == ""


def test_the_projects_import_is_extrapolated_only_beyond_the_rows_it_ran():
    # Regression: "4.76 | …; 5 s for 10,000 at that rate" read as a miss of the 5 s bound.
    ran = {"projects_service_rows": 10_000, "projects_import_s": 4.76}
    assert national_run._extrapolated({**ran, "projects_rows": 10_000}) == ""
    more = national_run._extrapolated({**ran, "projects_rows": 250_000})
    assert more == "; 119.0 s for 250,000 at that rate"
