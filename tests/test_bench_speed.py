"""The national benchmark says how fast the machine was, before and after its run."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import national_run


def test_the_report_line_gives_the_loop_s_seconds_before_and_after():
    line = national_run._speed_line((0.96, 1.47))
    assert "0.96 s before the run and 1.47 s after it" in line


def test_no_speed_measured_writes_nothing():
    assert national_run._speed_line(None) == ""
