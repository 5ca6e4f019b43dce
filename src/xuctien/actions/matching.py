"""Matching agency names as plans write them to the agency list, or asking.

Plans spell the same body many ways: with or without accents, "Sở", "UBND" or its long
form, "Sở KH&ĐT" for "Sở Kế hoạch và Đầu tư", with or without the province's name. A
name is normalised (accents stripped, lower case, the common abbreviations of Vietnamese
administration expanded, "sở", "tỉnh" and the province's own name, read from its
``Province`` record, dropped) and compared exactly with every agency's names, the
parenthesised short names in them ("(IPA …)", "(Cục Thống kê)") and the aliases the secretariat
keeps. Anything else is a question, never a guess: "Sở Nội vụ" and "Sở Ngoại vụ" are 86%
alike and are two departments. A dissolved agency resolves to its successor with a
warning the user confirms. ``split_names`` splits a cell on ";", "," and "và" only where
every part is an agency ("Ban Xúc tiến và Hỗ trợ đầu tư" is one).
"""

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone

#: Questions list at most this many near names, from this similarity up.
CANDIDATES = 3
NEAR = 0.6

#: Abbreviations of several words, written with "&", "-" or "," between their parts.
_COMPOUNDS = {
    ("kh", "dt"): "ke hoach va dau tu",
    ("nn", "mt"): "nong nghiep va moi truong",
    ("nn", "ptnt"): "nong nghiep va phat trien nong thon",
    ("tn", "mt"): "tai nguyen va moi truong",
    ("gd", "dt"): "giao duc va dao tao",
    ("kh", "cn"): "khoa hoc va cong nghe",
    ("tt", "tt"): "thong tin va truyen thong",
    ("vh", "tt", "dl"): "van hoa the thao va du lich",
    ("ld", "tb", "xh"): "lao dong thuong binh va xa hoi",
}
#: Abbreviations of one written word.
_ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "bql": "ban quan ly",
    "bqlkkt": "ban quan ly khu kinh te",
    "qlkkt": "quan ly khu kinh te",
    "ql": "quan ly",
    "kkt": "khu kinh te",
    "kcn": "khu cong nghiep",
    "ccn": "cum cong nghiep",
    "gtvt": "giao thong van tai",
    "khdt": "ke hoach va dau tu",
    "nnmt": "nong nghiep va moi truong",
    "nnptnt": "nong nghiep va phat trien nong thon",
    "tnmt": "tai nguyen va moi truong",
    "gddt": "giao duc va dao tao",
    "khcn": "khoa hoc va cong nghe",
    "vhttdl": "van hoa the thao va du lich",
    "ldtbxh": "lao dong thuong binh va xa hoi",
    "xd": "xay dung",
    "tp": "thanh pho",
    "tx": "thi xa",
    "vp": "van phong",
    "xtdt": "xuc tien dau tu",
}
#: Words that say "provincial" or "department" and not which one.
_DROPPED = {"so", "tinh"}
#: The first words of a name that is an agency's ("Sở …", "Ban …", "UBND …").
_KIND_WORDS = (
    "so",
    "ban",
    "uy ban",
    "ubnd",
    "hoi dong",
    "hdnd",
    "cuc",
    "chi cuc",
    "tong cuc",
    "trung tam",
    "van phong",
    "cong an",
    "bo chi huy",
    "bo",
    "tinh uy",
    "thanh uy",
    "to",
    "vien",
    "truong",
    "dai",
    "bao",
    "kho bac",
    "ngan hang",
    "thue",
    "thanh tra",
    "thong ke",
    "mat tran",
    "lien doan",
    "doan",
    "hoi",
    "quy",
    "cac so",
    "cac ban",
    "cac co quan",
)
#: Parenthesised words that say when or which, not a short name ("(sau hợp nhất)").
_NOT_SHORT_NAMES = ("sau", "truoc", "vd", "vi du", "cu", "moi", "not", "direction", "implied")
_SEPARATOR = re.compile(r"(;|,|\n|\s+và\s+|\s+\+\s+)", re.IGNORECASE)


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def fold(text: str) -> str:
    """Lower case without accents, one space between words."""
    return re.sub(r"\s+", " ", strip_accents(text or "").lower()).strip()


def province_names(province: Any) -> list[str]:
    """The province's own name as plans write it, from its record: "tinh x", "x"."""
    if province is None:
        return []
    names = []
    for name in (province.name_vi, getattr(province, "name_en", "")):
        folded = _words(fold(name or ""))
        if not folded:
            continue
        bare = re.sub(r"^(tinh|thanh pho|province of)\s+|\s+province$", "", folded)
        names.extend([folded, f"tinh {bare}", f"thanh pho {bare}", bare])
    return sorted({n for n in names if n}, key=len, reverse=True)


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w&]+", " ", text).split())


def _expand_compounds(text: str) -> str:
    for parts, words in _COMPOUNDS.items():
        pattern = r"(?<![\w])" + r"\s*[&,\-.]?\s*".join(parts) + r"(?![\w])"
        if len(parts) > 1:  # written with a sign between the parts, or glued
            text = re.sub(pattern, words, text)
    return text


def normalise(text: str, province: Any = None, names: Iterable[str] | None = None) -> str:
    """ "Sở KH&ĐT tỉnh X." -> "ke hoach va dau tu" (for the province X)."""
    folded = fold(re.sub(r"\([^)]*\)", " ", text or ""))
    folded = _expand_compounds(folded.replace("–", "-"))
    folded = _words(folded.replace("&", " va "))
    for name in names if names is not None else province_names(province):
        folded = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", " ", folded)
    folded = folded.replace("tinh uy", "tinh_uy")
    expanded = " ".join(_ABBREVIATIONS.get(w, w) for w in folded.split()).split()
    return " ".join(w for w in expanded if w not in _DROPPED).replace("tinh_uy", "tinh uy")


def looks_like_agency(text: str) -> bool:
    """Does the name start as agencies' names do ("Sở …", "Ban …", "UBND …")?"""
    words = _words(fold(text))
    return any(words == k or words.startswith(k + " ") for k in _KIND_WORDS)


@dataclass
class Resolution:
    """What a written name means: an agency, its successor, or a question.

    ``status``: "exact" (by name, short name or alias), "successor" (a dissolved agency,
    resolved to the one that took it over, to be confirmed), "ask" (close to one or more
    agencies, or a dissolved one without successor) or "unknown" (close to none).
    """

    text: str
    key: str
    status: str
    agency: Any = None
    written: Any = None  # the dissolved agency the text names, for a successor
    candidates: list[tuple[Any, float]] = field(default_factory=list)

    @property
    def resolved(self) -> bool:
        return self.status in ("exact", "successor")


class AgencyMatcher:
    """Finds the agency a written name means, or says what to ask."""

    def __init__(
        self,
        agencies: Iterable[Any],
        aliases: Iterable[Any] = (),
        province: Any = None,
        today: date | None = None,
    ) -> None:
        self.names = province_names(province)
        self.today = today or timezone.localdate()
        self._index: dict[str, set[Any]] = {}
        self._agencies: dict[int, Any] = {}
        for agency in agencies:
            self._agencies[agency.pk] = agency
            for key in self._keys(agency):
                self._index.setdefault(key, set()).add(agency.pk)
        for alias in aliases:  # an alias the secretariat chose wins over a name's reading
            self._index[alias.key] = {alias.agency_id}

    def key(self, text: str) -> str:
        return normalise(text, names=self.names)

    def _keys(self, agency: Any) -> set[str]:
        keys = set()
        other_names = (getattr(agency, "abbreviation", ""), *getattr(agency, "alias_list", []))
        for name in (agency.name_vi, agency.name_en, agency.code, *other_names):
            for part in (name or "").split(" / "):
                keys.add(self.key(part))
                for short in re.findall(r"\(([^)]*)\)", part):
                    key = self.key(short)
                    first = fold(short).split(" ")[0] if short.strip() else ""
                    short_name = len(key.split()) <= 2 or looks_like_agency(short)
                    if key and first not in _NOT_SHORT_NAMES and short_name:
                        keys.add(key)
        keys.discard("")
        return keys

    def agency(self, pk: int) -> Any:
        return self._agencies.get(pk)

    def resolve(self, text: str) -> Resolution:
        key = self.key(text)
        found = self._index.get(key, set()) if key else set()
        if len(found) == 1:
            agency = self._agencies[next(iter(found))]
            return self._current(Resolution(text, key, "exact", agency))
        if len(found) > 1:
            candidates = [(self._agencies[pk], 1.0) for pk in sorted(found)]
            return Resolution(text, key, "ask", candidates=candidates)
        return Resolution(text, key, "ask" if key else "unknown", candidates=self._near(key))

    def _current(self, resolution: Resolution) -> Resolution:
        """A dissolved agency: its successor (to be confirmed), or a question."""
        agency, seen = resolution.agency, set()
        while agency.successor_id and agency.pk not in seen:
            seen.add(agency.pk)
            agency = self._agencies.get(agency.successor_id) or agency.successor
        if agency.pk != resolution.agency.pk:
            resolution.written, resolution.agency = resolution.agency, agency
            resolution.status = "successor"
        elif agency.valid_to and agency.valid_to < self.today:
            resolution.written, resolution.agency = agency, None
            resolution.status, resolution.candidates = "ask", []
        return resolution

    def _near(self, key: str) -> list[tuple[Any, float]]:
        scored: dict[int, float] = {}
        for other, pks in self._index.items():
            score = difflib.SequenceMatcher(None, key, other).ratio()
            if score >= NEAR:
                for pk in pks:
                    scored[pk] = max(scored.get(pk, 0), score)
        best = sorted(scored.items(), key=lambda item: -item[1])[:CANDIDATES]
        return [(self._agencies[pk], round(score, 2)) for pk, score in best]

    def split(self, text: str) -> list[Resolution]:
        """The agencies a cell names: split only where every part is an agency."""
        found = []
        for chunk in re.split(r"[;\n]", text or ""):  # never inside an agency's name
            pieces = _SEPARATOR.split(chunk)
            raw, separators = pieces[0::2], pieces[1::2]
            words = [p.strip(" .-–\t") for p in raw]
            if any(words):
                found += [self.resolve(p) for p in self._segments(words, raw, separators)]
        return found

    def _segments(self, words: list[str], raw: list[str], separators: list[str]) -> list[str]:
        """The split with most resolved parts, then most parts, every part an agency."""
        count = len(words)

        def joined(start: int, end: int) -> str:
            text = raw[start]
            for index in range(start + 1, end):
                text += separators[index - 1] + raw[index]
            return text.strip(" .-–\t;,")

        # best[i]: (resolved, parts, cut points) for words[:i]
        best: list[tuple[int, int, list[int]] | None] = [None] * (count + 1)
        best[0] = (0, 0, [])
        for end in range(1, count + 1):
            for start in range(end):
                if best[start] is None or not words[start] or not words[end - 1]:
                    continue
                part = joined(start, end)
                resolution = self.resolve(part)
                if not (resolution.resolved or looks_like_agency(part)):
                    continue
                resolved, parts, cuts = best[start]
                option = (resolved + resolution.resolved, parts + 1, [*cuts, end])
                if best[end] is None or option[:2] > best[end][:2]:
                    best[end] = option
        if best[count] is None:  # not a list of agencies: split on ";" only
            return [p.strip(" .-–\t") for p in _semicolons(raw, separators)]
        cuts, start, parts = best[count][2], 0, []
        for end in cuts:
            parts.append(joined(start, end))
            start = end
        return [p for p in parts if p]


def _semicolons(words: list[str], separators: list[str]) -> list[str]:
    parts, current = [], words[0]
    for separator, word in zip(separators, words[1:], strict=True):
        if separator.strip() in (";", ""):
            parts.append(current)
            current = word
        else:
            current += separator + word
    parts.append(current)
    return [p for p in parts if p.strip(" .-–")]


def split_names(text: str) -> list[str]:
    """ "Sở Xây dựng; Sở Tài chính và UBND thị xã X" -> three names (no agency list)."""
    parts = _SEPARATOR.split(text or "")[0::2]
    return [p.strip(" .-–") for p in parts if p.strip(" .-–")]
