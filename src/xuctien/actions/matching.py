"""Matching agency names as plans write them to the agency list.

Plans spell the same body many ways: with or without accents, "Sở", "UBND" or its long
form, stray punctuation. Names are normalised (accents stripped, lower case, common
abbreviations expanded, "sở" and punctuation dropped) and compared exactly, then by
similarity (difflib), so every match can be shown with its score for confirmation.
"""

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

CUTOFF = 0.8
_ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan",
    "bql": "ban quan ly",
    "kkt": "khu kinh te",
    "kcn": "khu cong nghiep",
    "tp": "thanh pho",
    "tx": "thi xa",
    "ipa": "ban xuc tien va ho tro dau tu",
}
_DROPPED = {"so", "tinh"}
#: Words naming the kind of a province, left out of its name ("Tỉnh X", "Thành phố Y").
_PROVINCE_KINDS = ("tinh ", "thanh pho ")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def normalise(text: str, dropped: Iterable[str] = ()) -> str:
    """ "Sở Công thương tỉnh Hà Giang.", dropping "ha", "giang" -> "cong thuong"."""
    words = re.sub(r"[^\w\s]", " ", strip_accents(text).lower()).split()
    expanded = " ".join(_ABBREVIATIONS.get(w, w) for w in words).split()
    leave_out = _DROPPED | set(dropped)
    return " ".join(w for w in expanded if w not in leave_out)


def province_words(*names: str) -> set[str]:
    """The words of provinces' own names ("Tỉnh Hà Giang" -> {"ha", "giang"}), which plans
    add to an agency's name or leave out, so matching ignores them."""
    words: set[str] = set()
    for name in names:
        plain = " ".join(re.sub(r"[^\w\s]", " ", strip_accents(name).lower()).split())
        for kind in _PROVINCE_KINDS:
            plain = plain.removeprefix(kind)
        words.update(plain.split())
    return words


@dataclass(frozen=True)
class Match:
    text: str
    agency: Any
    score: float

    @property
    def exact(self) -> bool:
        return self.score >= 1.0


class AgencyMatcher:
    """Finds the agency a written name means, by its Vietnamese or English name, code,
    abbreviation or one of its other names.

    The name of the agencies' province (taken from the province's data) is ignored on both
    sides: "Sở Công Thương" and "Sở Công Thương tỉnh X" are the same body.
    """

    def __init__(self, agencies: Iterable[Any], province: Any = None) -> None:
        agencies = list(agencies)
        provinces = [province] if province is not None else _provinces_of(agencies)
        names = [n for p in provinces for n in (p.name_vi, p.name_en) if n]
        self._dropped = province_words(*names)
        self._index: dict[str, Any] = {}
        for agency in agencies:
            aliases = getattr(agency, "alias_list", [])
            abbreviation = getattr(agency, "abbreviation", "")
            for name in (agency.name_vi, agency.name_en, agency.code, abbreviation, *aliases):
                key = normalise(name or "", self._dropped)
                if key:
                    self._index.setdefault(key, agency)

    def match(self, text: str) -> Match | None:
        key = normalise(text, self._dropped)
        if not key:
            return None
        if key in self._index:
            return Match(text, self._index[key], 1.0)
        best = difflib.get_close_matches(key, self._index, n=1, cutoff=CUTOFF)
        if not best:
            return None
        score = difflib.SequenceMatcher(None, key, best[0]).ratio()
        return Match(text, self._index[best[0]], round(score, 2))


def _provinces_of(agencies: list[Any]) -> list[Any]:
    found: dict[Any, Any] = {}
    for agency in agencies:
        province = getattr(agency, "province", None)
        if province is not None:
            found.setdefault(province.pk, province)
    return list(found.values())


def split_names(text: str) -> list[str]:
    """ "Sở Xây dựng; Sở Tài chính và UBND TX Quảng Yên" -> three names."""
    parts = re.split(r"[;,\n]|\s+và\s+|\s+\+\s+", text or "")
    return [p.strip(" .-–") for p in parts if p.strip(" .-–")]
