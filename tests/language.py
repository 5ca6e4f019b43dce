"""Find text in the wrong language on a rendered page.

A page in English must not show Vietnamese; a page in Vietnamese must not show English.
Text that is rightly in another language is marked in the templates, which is also what
screen readers need: an element with a ``lang`` other than the page's (a Vietnamese name on
an English page, an English source title on a Vietnamese one) or ``translate="no"`` (codes,
people's and companies' names, file names) is skipped with everything inside it.
"""

import re
from html.parser import HTMLParser

# Letters only Vietnamese uses among the two languages: the modified vowels, đ, and the
# vowels carrying a tone mark.
VIETNAMESE_LETTERS = re.compile(
    "[ăâđêôơưĂÂĐÊÔƠƯ"
    "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
    "ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ]"
)
# Common English words that never occur in Vietnamese text.
ENGLISH_WORDS = frozenset(
    {
        "the",
        "of",
        "and",
        "from",
        "not",
        "with",
        "without",
        "monthly",
        "quarterly",
        "yearly",
        "annual",
        "published",
        "inquiry",
        "via",
        "synthetic",
        "after",
        "before",
        "for",
        "this",
        "that",
        "these",
        "those",
        "which",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "by",
        "stated",
        "excerpt",
        "share",
        "review",
        "source",
        "sources",
        "note",
        "only",
        "per",
        "into",
        "over",
        "under",
        "has",
        "have",
        "had",
        "will",
        "would",
        "should",
        "must",
        "cannot",
        "could",
        "its",
        "their",
        "our",
        "your",
    }
)
# The product's and the province's names, written the same in both languages.
PROPER_NAMES = ("Xúc Tiến", "Quảng Ninh")
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# A <textarea> holds the stored text being edited, not words of the page.
SKIPPED_ELEMENTS = {"script", "style", "template", "code", "pre", "svg", "textarea"}
VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")


class _Text(HTMLParser):
    def __init__(self, language: str) -> None:
        super().__init__(convert_charrefs=True)
        self.language = language
        self.stack: list[tuple[str, bool]] = []  # open elements: is their content skipped?
        self.texts: list[str] = []

    @property
    def skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list) -> None:
        values = dict(attrs)
        lang = (values.get("lang") or "").split("-")[0]
        skip = (
            self.skipping
            or tag in SKIPPED_ELEMENTS
            or values.get("translate") == "no"
            or (lang and lang != self.language)
        )
        if not skip:  # an address in a title is no text in any language
            self.texts.extend(
                values[a] for a in ATTRIBUTES if values.get(a) and "://" not in values[a]
            )
        if tag not in VOID:
            self.stack.append((tag, bool(skip)))

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        # Close up to the matching element: a <p> or <li> left open ends with its parent.
        opened = [name for name, _skip in self.stack]
        if tag in opened:
            del self.stack[len(opened) - 1 - opened[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        if not self.skipping and data.strip():
            self.texts.append(" ".join(data.split()))


def visible_texts(html: str, language: str) -> list[str]:
    """The texts a reader sees (and hears), without those marked as another language."""
    parser = _Text(language)
    parser.feed(html)
    parser.close()
    return parser.texts


def is_foreign(text: str, language: str) -> bool:
    """Whether ``text`` shows the other language than ``language``."""
    if language == "en":
        return bool(VIETNAMESE_LETTERS.search(text))
    return bool(ENGLISH_WORDS & {w.lower() for w in WORD.findall(text)})


def foreign_texts(html: str, language: str, as_written: list[str] = ()) -> list[str]:
    """Texts of a page in ``language`` that are in the other language.

    ``as_written`` are texts shown as their authors wrote them (names, requests, reports):
    a text inside one of them, or the part of a text they make up, is not checked.
    """
    written = [" ".join(t.split()) for t in as_written]
    found = []
    for text in visible_texts(html, language):
        if any(text in whole for whole in written):
            continue
        for whole in (*written, *PROPER_NAMES):
            text = text.replace(whole, " ")
        if is_foreign(text, language):
            found.append(text)
    return found
