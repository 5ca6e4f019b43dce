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
_DROPPED = {"so", "tinh", "quang", "ninh"}


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def normalise(text: str) -> str:
    """ "Sở Công thương tỉnh Quảng Ninh." -> "cong thuong"."""
    words = re.sub(r"[^\w\s]", " ", strip_accents(text).lower()).split()
    expanded = " ".join(_ABBREVIATIONS.get(w, w) for w in words).split()
    return " ".join(w for w in expanded if w not in _DROPPED)


@dataclass(frozen=True)
class Match:
    text: str
    agency: Any
    score: float

    @property
    def exact(self) -> bool:
        return self.score >= 1.0


class AgencyMatcher:
    """Finds the agency a written name means, by its Vietnamese or English name or code."""

    def __init__(self, agencies: Iterable[Any]) -> None:
        self._index: dict[str, Any] = {}
        for agency in agencies:
            for name in (agency.name_vi, agency.name_en, agency.code):
                key = normalise(name or "")
                if key:
                    self._index.setdefault(key, agency)

    def match(self, text: str) -> Match | None:
        key = normalise(text)
        if not key:
            return None
        if key in self._index:
            return Match(text, self._index[key], 1.0)
        best = difflib.get_close_matches(key, self._index, n=1, cutoff=CUTOFF)
        if not best:
            return None
        score = difflib.SequenceMatcher(None, key, best[0]).ratio()
        return Match(text, self._index[best[0]], round(score, 2))


def split_names(text: str) -> list[str]:
    """ "Sở Xây dựng; Sở Tài chính và UBND TX Quảng Yên" -> three names."""
    parts = re.split(r"[;,\n]|\s+và\s+|\s+\+\s+", text or "")
    return [p.strip(" .-–") for p in parts if p.strip(" .-–")]
