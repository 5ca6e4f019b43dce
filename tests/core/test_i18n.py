"""Vietnamese first, English on request, and catalogs that are complete and compiled."""

import io
from decimal import Decimal
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tests.factories import ZoneFactory
from xuctien.core.management.commands.translations import catalogs

pytestmark = pytest.mark.django_db

VI_PO = Path(settings.LOCALE_PATHS[0]) / "vi" / "LC_MESSAGES" / "django.po"


def test_the_home_page_is_vietnamese_even_for_an_english_browser(client):
    response = client.get(reverse("home"), headers={"accept-language": "en-US,en;q=0.9"})

    assert '<html lang="vi">' in response.text
    assert "Trang chủ · Xúc Tiến" in response.text
    assert "Đăng nhập" in response.text
    assert "Số liệu công khai kèm nguồn." in response.text
    assert response["Content-Language"] == "vi"


def test_switching_to_english_sets_the_cookie_and_renders_english(client):
    response = client.post(
        reverse("set-language"), {"language": "en", "next": reverse("home")}, follow=True
    )

    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert '<html lang="en">' in response.text
    assert "Home · Xúc Tiến" in response.text
    assert "Log in" in response.text
    assert 'data-language="en" class="is-current" aria-current="true"' in response.text


def test_switching_back_to_vietnamese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.post(reverse("set-language"), {"language": "vi", "next": "/"}, follow=True)

    assert '<html lang="vi">' in response.text


def test_the_lang_parameter_shows_one_page_in_english(client):
    response = client.get(reverse("home"), {"lang": "en"})

    assert '<html lang="en">' in response.text


def test_figures_on_a_page_use_the_language_s_number_format(client):
    ZoneFactory(code="KCN1", total_area_ha=Decimal("1234.5"), industrial_land_ha=Decimal("800"))

    assert "1.234,5" in client.get(reverse("zone-list")).text
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "1,234.5" in client.get(reverse("zone-list")).text


def test_model_choices_and_roles_are_translated():
    from xuctien.core.models import Zone
    from xuctien.core.roles import Role

    with translation.override("vi"):
        assert str(Zone.Kind.INDUSTRIAL_PARK.label) == "Khu công nghiệp"
        assert str(Role.SECRETARIAT.label) == "Cơ quan thường trực chương trình"
        assert gettext("Log out") == "Đăng xuất"
    with translation.override("en"):
        assert str(Zone.Kind.INDUSTRIAL_PARK.label) == "Industrial park"


def test_every_message_of_the_vietnamese_catalog_is_translated():
    po = polib.pofile(str(VI_PO))

    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]

    assert untranslated == []
    assert fuzzy == []


def test_every_compiled_catalog_matches_its_source():
    assert VI_PO in catalogs()
    out = io.StringIO()
    call_command("translations", "--check", stdout=out)
    assert "up to date" in out.getvalue()


@pytest.fixture
def scratch_catalog(settings, tmp_path):
    """A one-message Vietnamese catalog in a locale directory of its own."""
    folder = tmp_path / "vi" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "vi"}
    po.append(polib.POEntry(msgid="Zone", msgstr="Khu"))
    po.save(str(folder / "django.po"))
    settings.LOCALE_PATHS = [tmp_path]
    return folder / "django.po"


def test_the_check_fails_when_a_catalog_was_never_compiled(scratch_catalog):
    with pytest.raises(CommandError, match="missing"):
        call_command("translations", "--check")


def test_compiling_needs_no_gettext_and_satisfies_the_check(scratch_catalog):
    call_command("translations", "--compile", stdout=io.StringIO())

    mo = polib.mofile(str(scratch_catalog.with_suffix(".mo")))
    assert mo.find("Zone").msgstr == "Khu"
    call_command("translations", "--check", stdout=io.StringIO())


def test_the_check_fails_when_a_translation_changed_after_compiling(scratch_catalog):
    call_command("translations", "--compile", stdout=io.StringIO())
    po = polib.pofile(str(scratch_catalog))
    po.find("Zone").msgstr = "Vùng"
    po.save()

    with pytest.raises(CommandError, match="differs"):
        call_command("translations", "--check")


def test_a_lang_link_sticks_for_the_requests_that_follow(client):
    # Regression: /programmes/?lang=en showed the page in English but its htmx panels,
    # fetched without the parameter, came back in Vietnamese.
    client.get("/?lang=en")

    response = client.get("/")

    assert response["Content-Language"] == "en"
