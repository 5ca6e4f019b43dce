"""One language per screen: every page, in Vietnamese and in English, shows only that language.

The demo's data (Quảng Ninh's real records and the synthetic ones) is loaded once; then every
page of the site, with example arguments from that data, is requested as a person who may
see it, in each language, and its visible text checked (tests/language.py). Allowed: text
marked in the templates as another language (``lang``) or as a code (``translate="no"``),
and text shown as written (names, what people wrote, source titles: tests/walk.py).
"""

from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction

from tests.language import foreign_texts, visible_texts
from tests.walk import as_written, page_urls
from xuctien.actions.demo import load_demo_tasks
from xuctien.aftercare.demo import load_demo_requests
from xuctien.core.demo import demo_steps, ensure_demo_accounts
from xuctien.core.models import Province, User
from xuctien.national.shipped import load_shipped_provinces

# Who walks the site: the administrator every page with up to RECORDS records each (the
# curated data differs from record to record); the other roles (and an anonymous visitor,
# the portal's public) each page once.
RECORDS = 6
WALKERS = [
    ("quantri", True),
    ("socongthuong", False),
    ("chudautu", False),
    ("nhadautu", False),
    ("quocgia", True),
    (None, False),
]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo's data for this module's tests, rolled back after them."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_quangninh", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
        province = Province.objects.get()
        for _name, step in demo_steps():
            step(province)
        ensure_demo_accounts(province)
        load_demo_tasks(province=province)
        load_demo_requests(province=province)
        load_shipped_provinces()  # the second province, beside the first
        yield page_urls(), as_written()
        transaction.set_rollback(True)


def _walk(client, username, every_record, language, urls, written):
    if username:
        client.force_login(User.objects.get(username=username))
    seen, problems, checked = Counter(), [], 0
    for name, url in urls:
        if seen[name] >= (RECORDS if every_record else 1):
            continue
        seen[name] += 1
        response = client.get(f"{url}{'&' if '?' in url else '?'}lang={language}")
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        checked += 1
        problems += [
            f"{url}: {text[:120]}" for text in foreign_texts(response.text, language, written)
        ]
    return checked, problems


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(("username", "every_record"), WALKERS)
def test_every_page_shows_only_its_own_language(db, client, demo, username, every_record, language):
    urls, written = demo

    checked, problems = _walk(client, username, every_record, language, urls, written)

    assert checked >= 10, "the walk reached too few pages"
    assert problems == []


def test_the_walk_covers_every_page_with_an_argument(db, demo):
    urls, _written = demo
    names = {name for name, _url in urls}

    assert {"programmes:indicator", "investments:project-detail", "zone-detail"} <= names
    assert {"actions:task-detail", "aftercare:request-detail", "portal:opportunity-detail"} <= names


def test_english_on_a_vietnamese_page_is_found_and_marked_text_is_not():
    html = (
        '<html lang="vi"><body><p>Chỉ tiêu</p><p>not stated in excerpt</p>'
        '<p lang="en">Manufacturing and processing</p><span translate="no">MFG_SHARE_GRDP</span>'
        "<script>var the = 1;</script></body></html>"
    )

    assert foreign_texts(html, "vi") == ["not stated in excerpt"]


def test_vietnamese_on_an_english_page_is_found_unless_written_so():
    html = (
        "<p>Targets</p><p>nghìn tỷ đồng</p><p>Công ty Điện tử Hàn Việt</p>"
        '<p lang="vi">Sở Công Thương</p><p title="Dữ liệu minh hoạ">Synthetic</p>'
    )

    assert foreign_texts(html, "en", ["Công ty Điện tử Hàn Việt"]) == [
        "nghìn tỷ đồng",
        "Dữ liệu minh hoạ",
    ]
    assert "Sở Công Thương" not in visible_texts(html, "en")
