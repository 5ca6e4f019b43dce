"""Steps of ``xuctien load_quangninh`` contributed by apps, run after the programme.

An app that loads its own part of the province's data (the investments app loads the
real projects, for example) registers a step from its ``AppConfig.ready``. Each step takes
the province being loaded, is idempotent and returns a one-line summary.
"""

from collections.abc import Callable
from typing import Any

_steps: list[tuple[int, str, Callable[[Any], str]]] = []


def register_step(name: str, step: Callable[[Any], str], order: int = 100) -> None:
    if all(existing != name for _order, existing, _step in _steps):
        _steps.append((order, name, step))


def steps() -> list[tuple[str, Callable[[Any], str]]]:
    return [(name, step) for _order, name, step in sorted(_steps, key=lambda s: s[0])]
