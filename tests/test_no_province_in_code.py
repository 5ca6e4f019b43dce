"""Nothing about a province is written into the code: its name, its programme codes and its
indicator codes live in its data (src/xuctien/data/), never in Python or templates.

The province checked is the first one shipped; its codes are read from its own data, so a
code added there is checked too. Migrations are history and are left out.
"""

import csv
import re
import unicodedata
from pathlib import Path

import xuctien

SRC = Path(xuctien.__file__).resolve().parent
CURATED = SRC / "data" / "quangninh" / "curated"


def _rows(name: str) -> list[dict[str, str]]:
    with (CURATED / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if unicodedata.category(c) != "Mn")


def _code_files() -> list[Path]:
    files = [*SRC.rglob("*.py"), *SRC.rglob("*.html"), *SRC.rglob("*.txt"), *SRC.rglob("*.js")]
    return [
        f
        for f in files
        if "migrations" not in f.parts
        and "data" not in f.relative_to(SRC).parts[:1]
        and "vendor" not in f.parts
    ]


def _forbidden() -> list[re.Pattern]:
    [province] = [r for r in _rows("localities.csv") if r["kind"] == "province" and not r["parent"]]
    name = re.sub(r"^(Tỉnh|Thành phố)\s+", "", province["name_vi"])  # "Quảng Ninh"
    names = {name, _plain(name)}
    codes = {r["code"] for r in _rows("programmes.csv")} | {
        r["code"] for r in _rows("indicators.csv")
    }
    patterns = [re.compile(re.escape(n).replace(r"\ ", r"\s+"), re.IGNORECASE) for n in names]
    patterns += [re.compile(rf"(?<![A-Z0-9_]){re.escape(code)}(?![A-Z0-9_])") for code in codes]
    return patterns


def test_the_shipped_province_data_names_what_the_check_looks_for():
    patterns = {p.pattern for p in _forbidden()}
    assert any("Ninh" in p for p in patterns)
    assert any("NQ01" in p for p in patterns)
    assert any("MFG_NEW_JOBS" in p for p in patterns)


def test_no_province_name_programme_or_indicator_code_in_python_or_templates():
    patterns = _forbidden()
    hits = []
    for path in _code_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for pattern in patterns:
                if pattern.search(line):
                    hits.append(f"{path.relative_to(SRC)}:{number}: {line.strip()[:100]}")
    assert not hits, "\n".join(hits)
