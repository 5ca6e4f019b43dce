"""Ids and versions a page posts back are written as numbers, never localised.

With ``USE_THOUSAND_SEPARATOR``, ``{{ project.pk }}`` writes 12345 as "12.345" in
Vietnamese: a hidden input or a data attribute holding it posted a number the form read
as another one (12.345 → 12) or refused. Every template writing an id or a version into an
attribute unlocalises it, or sits in ``{% localize off %}``.
"""

import re
from pathlib import Path

import xuctien

ROOT = Path(xuctien.__file__).parent
#: An id or version written into an attribute's value, without ``|unlocalize``.
LOCALISED = re.compile(r'="[^"{]*\{\{ [\w.]+\.(?:pk|id|version) \}\}[^"]*"')


def test_no_template_writes_an_id_or_version_into_an_attribute_localised():
    found = []
    for path in ROOT.rglob("templates/**/*.html"):
        text = path.read_text()
        if "{% localize off %}" in text:
            continue
        found += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in LOCALISED.finditer(text)]
    assert found == []


def test_the_guard_finds_what_it_looks_for():
    assert LOCALISED.search('<input type="hidden" name="pk" value="{{ step.pk }}">')
    assert LOCALISED.search('<tr id="row-{{ row.pk }}">')
    assert not LOCALISED.search('<input value="{{ step.pk|unlocalize }}">')
