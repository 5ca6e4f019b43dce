"""The base of every form: ISO date pickers, choices by code, the version field."""

import datetime as dt
import importlib
import pkgutil

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone, translation

import xuctien
from tests.factories import IndicatorFactory, LocalityFactory, ObservationFactory
from tests.html_forms import as_multidict, browser_submission, forms_of, sanitised
from tests.investments.factories import ProjectFactory
from xuctien.core.forms import BrowserFieldsMixin, Form, ModelForm, VersionedForm
from xuctien.investments.forms import ProjectEditForm
from xuctien.programmes.forms import ObservationForm


class _Dates(Form):
    day = forms.DateField(required=False)
    moment = forms.DateTimeField(required=False)


def test_a_date_renders_iso_in_a_date_picker_whatever_the_language():
    with translation.override("vi"):
        html = str(_Dates(initial={"day": dt.date(2021, 3, 31)})["day"])
    assert 'type="date"' in html
    assert 'value="2021-03-31"' in html


def test_a_datetime_renders_iso_in_a_datetime_local_picker():
    moment = dt.datetime(2021, 3, 31, 14, 5)
    with translation.override("vi"):
        html = str(_Dates(initial={"moment": moment})["moment"])
    assert 'type="datetime-local"' in html
    assert 'value="2021-03-31T14:05"' in html


def test_what_the_pickers_send_back_is_accepted_in_either_language():
    for language in ("vi", "en"):
        with translation.override(language):
            form = _Dates({"day": "2021-03-31", "moment": "2021-03-31T14:05"})
            assert form.is_valid(), form.errors
            assert form.cleaned_data["day"] == dt.date(2021, 3, 31)


def test_a_browser_drops_a_localised_date_from_a_date_input():
    """Why the pickers must be ISO: the old widget's value never reached the server."""
    old = forms.DateInput(attrs={"type": "date"})
    with translation.override("vi"):
        html = old.render("irc_date", dt.date(2021, 3, 31))
    assert 'value="31/03/2021"' in html
    submitted = browser_submission(f'<form method="post">{html}</form>')
    assert submitted == [("irc_date", "")]


def test_the_browser_parser_sends_what_a_browser_sends():
    html = """<form method="get"><input name="q" value="x"></form>
    <form method="post"><input type="hidden" name="version" value="3">
      <input type="checkbox" name="fdi" checked><input type="checkbox" name="off" value="1">
      <input type="radio" name="r" value="a"><input type="radio" name="r" value="b" checked>
      <select name="one"><option value="">—</option><option value="7">Seven</option></select>
      <select name="many" multiple><option value="1" selected>A</option>
        <option selected>B</option></select>
      <textarea name="note">
two
lines</textarea><input name="gone" disabled value="x"><input type="file" name="f">
      <button type="submit" name="action" value="draft">Draft</button>
      <button type="submit" name="action" value="submit">Submit</button></form>"""
    assert len(forms_of(html)) == 2
    assert browser_submission(html, button="submit") == [
        ("version", "3"), ("fdi", "on"), ("r", "b"), ("one", ""), ("many", "1"), ("many", "B"),
        ("note", "two\nlines"), ("action", "submit"),
    ]  # fmt: skip
    assert sanitised("number", "12,5") == ""
    assert sanitised("number", "12.5") == "12.5"


def _form_classes() -> set[type]:
    for module in pkgutil.walk_packages(xuctien.__path__, "xuctien."):
        if ".migrations" not in module.name and ".management" not in module.name:
            importlib.import_module(module.name)
    found, todo = set(), [forms.BaseForm]
    while todo:
        for cls in todo.pop().__subclasses__():
            todo.append(cls)
            if cls.__module__.startswith("xuctien.") and ".admin" not in cls.__module__:
                found.add(cls)
    return found


def test_every_form_of_the_product_is_built_on_the_shared_base():
    classes = _form_classes()
    assert ProjectEditForm in classes
    assert {c for c in classes if not issubclass(c, BrowserFieldsMixin)} == set()


@pytest.mark.django_db
def test_a_figure_opens_with_its_own_indicator_and_locality_selected():
    district = LocalityFactory(code="HL", name_vi="Hạ Long", kind="city")
    figure = ObservationFactory(indicator=IndicatorFactory(code="FDI_CAP"), locality=district)
    html = str(ObservationForm(instance=figure))
    assert '<option value="FDI_CAP" selected>' in html
    assert '<option value="HL" selected>' in html


@pytest.mark.django_db
def test_the_project_edit_page_shows_the_irc_date_in_its_picker(client, admin_user):
    project = ProjectFactory(irc_date=dt.date(2021, 3, 31))
    client.force_login(admin_user)
    response = client.get(reverse("investments:project-update", args=[project.pk]))
    assert 'value="2021-03-31"' in response.content.decode()


# --- The version is a form field like any other --------------------------------------------


class _Versioned(VersionedForm, ModelForm):
    class Meta:
        model = xuctien.investments.models.Project
        fields = ["name"]


@pytest.mark.django_db
@pytest.mark.parametrize("version", ["abc", "", "0", "99999999999"])
def test_a_version_that_is_missing_or_not_a_version_is_a_form_error(version):
    project = ProjectFactory()
    form = _Versioned({"name": "x", "version": version}, instance=project)
    assert not form.is_valid()
    assert "version" in form.errors
    assert not form.is_stale


@pytest.mark.django_db
def test_an_older_version_is_the_stale_error_and_the_next_save_goes_through():
    project = ProjectFactory()
    read_at = project.version
    project.name = "Changed meanwhile"
    project.save()
    form = _Versioned({"name": "Mine", "version": read_at}, instance=project)
    assert not form.is_valid()
    assert form.is_stale
    assert form["version"].value() == str(project.version)


@pytest.mark.django_db
def test_a_new_record_needs_no_version():
    form = _Versioned({"name": "New"}, instance=xuctien.investments.models.Project())
    form.is_valid()
    assert "version" not in form.errors


@pytest.mark.django_db
@pytest.mark.parametrize("version", ["abc", "", "-1"])
def test_the_project_page_answers_a_bad_version_with_the_form_not_a_server_error(
    client, admin_user, version
):
    project = ProjectFactory(name="Kept")
    client.force_login(admin_user)
    url = reverse("investments:project-update", args=[project.pk])
    data = as_multidict(browser_submission(client.get(url).content.decode()))
    data["version"] = [version]
    data["name"] = ["Not saved"]

    response = client.post(url, data)

    assert response.status_code == 400
    assert response.context["form"].errors["version"]
    project.refresh_from_db()
    assert project.name == "Kept"


@pytest.mark.django_db
def test_the_project_page_answers_a_stale_version_with_409_and_says_who(client, admin_user):
    project = ProjectFactory(name="Kept")
    client.force_login(admin_user)
    url = reverse("investments:project-update", args=[project.pk])
    data = as_multidict(browser_submission(client.get(url).content.decode()))
    project.name = "Changed meanwhile"
    project.save()
    data["name"] = ["Mine"]

    response = client.post(url, data)

    assert response.status_code == 409
    assert type(project).objects.get(pk=project.pk).name == "Changed meanwhile"
    assert response.context["form"].is_stale


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "field"),
    [("aftercare:request-add", "received_on"), ("portal:article-create", "date")],
)
def test_a_new_records_default_date_shows_in_its_picker(client, admin_user, url_name, field):
    client.force_login(admin_user)
    page = client.get(reverse(url_name)).content.decode()
    today = timezone.localdate().isoformat()
    assert dict(browser_submission(page))[field] == today
