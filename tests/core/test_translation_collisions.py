"""Two different things on one screen never share a Vietnamese name.

"Late" and "Overdue" side by side in one table both read "Quá hạn"; the calendar's "Date"
and "Day" (the holiday's name) both read "Ngày". A screen is approximated by a source file
(a template or a module's labels): two different messages of one file must not translate
alike. Vietnamese has no plural, so "task"/"tasks" rightly share "nhiệm vụ"; a pair that is
the same thing in other words goes in SYNONYMS, on purpose.
"""

from collections import defaultdict
from pathlib import Path

import polib
from django.conf import settings

VI_PO = Path(settings.LOCALE_PATHS[0]) / "vi" / "LC_MESSAGES" / "django.po"

# (file, frozenset of msgids) that are one meaning in two English wordings.
SYNONYMS = {
    ("core/models.py", frozenset({"Revoked", "revoked"})),
    ("investments/models/parties.py", frozenset({"Email", "email"})),
    # Two forms in one module: the inquiry's message and an article's body.
    ("portal/forms.py", frozenset({"Body", "Message"})),
}


def _singular(msgid: str) -> str:
    word = msgid.lower()
    for plural, singular in (("ies", "y"), ("s", "")):
        if word.endswith(plural):
            return word[: -len(plural)] + singular
    return word


def collisions(po: polib.POFile) -> list[tuple[str, str, frozenset]]:
    """(file, Vietnamese, English messages) for each translation shared within a file."""
    shared: dict[tuple[str, str], set[str]] = defaultdict(set)
    for entry in po.translated_entries():
        vietnamese = entry.msgstr or entry.msgstr_plural.get(0, "")  # plurals: their one form
        for path, _line in entry.occurrences:
            shared[(path, vietnamese.strip().lower())].add(entry.msgid)
    found = []
    for (path, vietnamese), msgids in sorted(shared.items()):
        if len({_singular(m) for m in msgids}) > 1 and (path, frozenset(msgids)) not in SYNONYMS:
            found.append((path, vietnamese, frozenset(msgids)))
    return found


def test_no_two_messages_of_one_screen_share_a_translation():
    assert collisions(polib.pofile(str(VI_PO))) == []


def test_a_shared_translation_is_found():
    po = polib.POFile()
    for msgid in ("Late", "Overdue"):
        po.append(
            polib.POEntry(
                msgid=msgid,
                msgstr="Quá hạn",
                occurrences=[("aftercare/templates/aftercare/partials/scorecard_table.html", "")],
            )
        )
    po.append(polib.POEntry(msgid="task", msgstr="nhiệm vụ", occurrences=[("a.py", "")]))
    po.append(polib.POEntry(msgid="tasks", msgstr="nhiệm vụ", occurrences=[("a.py", "")]))

    assert collisions(po) == [
        (
            "aftercare/templates/aftercare/partials/scorecard_table.html",
            "quá hạn",
            frozenset({"Late", "Overdue"}),
        )
    ]
