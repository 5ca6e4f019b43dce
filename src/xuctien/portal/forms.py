"""The portal's forms: the public inquiry, invitations, and the Centre's content editors."""

from typing import Any

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from xuctien.core.forms import Form, ModelForm, VersionedForm
from xuctien.core.lookup import LookupField
from xuctien.core.models import Zone
from xuctien.investments.countries import inquiry_choices
from xuctien.investments.models import Investor, PriorityGroup, Project, Sector
from xuctien.investments.stages import POST_IRC
from xuctien.portal.models import (
    Article,
    InvestmentOpportunity,
    MemberRole,
    Page,
)
from xuctien.portal.models.translation import content_languages
from xuctien.programmes.models import Programme

HONEYPOT = "website"
NEW_PASSWORD = forms.PasswordInput(attrs={"autocomplete": "new-password"})


class HoneypotMixin(Form):
    """A field people never see; a bot that fills every input fills it too."""

    website = forms.CharField(
        required=False,
        label=_("Leave this empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT, "").strip())

    def visible_fields(self) -> list[Any]:
        """Every visible field but the honeypot, which the page renders out of sight."""
        return [field for field in super().visible_fields() if field.name != HONEYPOT]


class InquiryForm(HoneypotMixin):
    """What an investor tells the Centre; it becomes a lead in the pipeline."""

    company = forms.CharField(label=_("Company"), max_length=300)
    country = forms.ChoiceField(label=_("Country"), choices=inquiry_choices)
    contact_name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Email"))
    phone = forms.CharField(label=_("Phone"), max_length=50, required=False)
    sector = forms.ModelChoiceField(
        label=_("Sector of interest"),
        queryset=Sector.objects.filter(section="C", level=Sector.Level.DIVISION),
        required=False,
        help_text=_("Manufacturing divisions of VSIC 2018."),
    )
    land_ha = forms.DecimalField(
        label=_("Land needed (ha)"),
        required=False,
        min_value=0,
        max_value=100000,
        max_digits=10,
        decimal_places=2,
    )
    message = forms.CharField(label=_("Message"), max_length=5000, widget=forms.Textarea)
    consent = forms.BooleanField(
        label=_(
            "I agree that the Investment Promotion Centre keeps these details to answer me "
            "and follow up my project."
        )
    )

    field_order = [*list(HoneypotMixin.base_fields), "company"]


class InviteForm(Form):
    """An owner invites a colleague by email."""

    email = forms.EmailField(label=_("Email"))


class StaffInviteForm(InviteForm):
    """The Centre invites a company's first account (its owner) or its staff."""

    #: Typed (name or tax code): the companies are thousands, too many for a list.
    investor = LookupField(Investor.objects.all(), codes=("tax_code",), label=_("Company"))
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices, initial="owner")

    field_order = ["investor", "email", "role"]


class AcceptInvitationForm(HoneypotMixin):
    """The invited person chooses a username and a password."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    username = forms.RegexField(
        label=_("Username"),
        max_length=150,
        regex=r"^[\w.@+-]+\Z",
        help_text=_("Letters, digits and @/./+/-/_ only."),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is taken."))
        return username

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            user = get_user_model()(username=data.get("username", ""))
            try:
                password_validation.validate_password(first, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


# --- Content editors -------------------------------------------------------------------


class TranslationFieldsMixin:
    """Adds ``<field>_<language>`` inputs for every content language and gathers them.

    Adding a language to ``settings.LANGUAGES`` adds its inputs here; only the default
    language's title is required.
    """

    translated_fields: dict[str, forms.Field] = {}

    def add_translation_fields(self, instance: Any) -> None:
        # In the reader's language ("Vietnamese" on an English page), not the switch's
        # own-language names.
        names = {code: get_language_info(code)["name_translated"] for code in content_languages()}
        for index, language in enumerate(content_languages()):
            row = instance.translation(language) if instance and instance.pk else None
            for name, template in self.translated_fields.items():
                field = _copy_field(template, name, names.get(language, language), index == 0)
                self.fields[f"{name}_{language}"] = field
                if row is not None and row.language == language:
                    self.initial[f"{name}_{language}"] = getattr(row, name)

    def translations(self) -> dict[str, dict[str, str]]:
        data = self.cleaned_data
        return {
            language: {name: data.get(f"{name}_{language}", "") for name in self.translated_fields}
            for language in content_languages()
        }


def _copy_field(template: forms.Field, name: str, language: str, first: bool) -> forms.Field:
    return template.__class__(
        required=first and name == "title",
        max_length=getattr(template, "max_length", None),
        widget=template.widget.__class__(attrs=dict(template.widget.attrs)),
        label=f"{template.label} ({language})",
    )


def _text(label: str, max_length: int | None = None, area: bool = False) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": 12}) if area else forms.TextInput()
    return forms.CharField(label=label, max_length=max_length, widget=widget, required=False)


class ArticleForm(VersionedForm, TranslationFieldsMixin, ModelForm):
    """An article: its words per language (bodies are sanitised) and its tags and links."""

    translated_fields = {
        "title": _text(_("Title"), 300),
        "summary": _text(_("Summary"), 500),
        "body": _text(_("Body (HTML: p, h2, h3, lists, strong, em, links, images)"), area=True),
    }
    relation_names = ("sectors", "priority_groups", "zones", "projects", "programmes")

    class Meta:
        model = Article
        fields = ["slug", "date", "sectors", "priority_groups", "zones", "projects", "programmes"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sectors"].queryset = Sector.objects.filter(level=Sector.Level.DIVISION)
        self.fields["priority_groups"].queryset = PriorityGroup.objects.all()
        self.fields["zones"].queryset = Zone.objects.all()
        self.fields["projects"].queryset = Project.objects.filter(stage__in=POST_IRC)
        self.fields["programmes"].queryset = Programme.objects.all()
        self.add_translation_fields(self.instance)

    def relations(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) or [] for name in self.relation_names}


class ArticleImageForm(Form):
    """An image to show in an article's body."""

    file = forms.FileField(label=_("Image (PNG, JPEG, GIF or WebP, at most 2 MB)"))
    alt = forms.CharField(label=_("Description (for people who cannot see it)"), max_length=300)


class PageForm(VersionedForm, TranslationFieldsMixin, ModelForm):
    """The words of a public page, per language, with their sources."""

    translated_fields = {"title": _text(_("Title"), 300), "body": _text(_("Body"), area=True)}

    class Meta:
        model = Page
        fields = ["is_published", "source_url"]
        widgets = {"source_url": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_translation_fields(self.instance)


class OpportunityForm(VersionedForm, TranslationFieldsMixin, ModelForm):
    """A project calling for investment: its place, sector, land and words per language."""

    translated_fields = {
        "title": _text(_("Title"), 300),
        "summary": _text(_("Summary"), 500),
        "body": _text(_("Description"), area=True),
    }

    class Meta:
        model = InvestmentOpportunity
        fields = [
            "code", "status", "zone", "sector", "priority_groups", "land_ha", "capital_vnd",
            "contact_agency", "is_synthetic", "source_url",
        ]  # fmt: skip
        widgets = {"source_url": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_translation_fields(self.instance)
