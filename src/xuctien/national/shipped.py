"""The provinces shipped with Xúc Tiến besides the first: one folder of CSV sheets each under
``data/provinces/``, built into a workbook and imported like an upload. Real published
figures, each with its source (see the folder's SOURCES.md)."""

from pathlib import Path

from xuctien.national.onboarding import import_folder

PROVINCES_DIR = Path(__file__).resolve().parent.parent / "data" / "provinces"


def load_shipped_provinces() -> str:
    lines = []
    for folder in sorted(p for p in PROVINCES_DIR.iterdir() if p.is_dir()):
        result = import_folder(folder)
        created, updated, unchanged = result.totals
        lines.append(
            f"{result.province.code}: {created} created, {updated} updated, {unchanged} unchanged"
        )
    return "; ".join(lines)
