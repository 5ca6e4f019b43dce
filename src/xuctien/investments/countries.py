"""Countries and territories of origin that investors come from (ISO 3166-1 alpha-2)."""

from django.utils.translation import gettext_lazy as _

COUNTRIES = {
    "VN": _("Vietnam"),
    "CN": _("China"),
    "HK": _("Hong Kong (China)"),
    "TW": _("Taiwan (China)"),
    "JP": _("Japan"),
    "KR": _("South Korea"),
    "SG": _("Singapore"),
    "TH": _("Thailand"),
    "MY": _("Malaysia"),
    "US": _("United States"),
    "DE": _("Germany"),
    "FR": _("France"),
    "GB": _("United Kingdom"),
    "NL": _("Netherlands"),
    "AU": _("Australia"),
    "IN": _("India"),
    "SE": _("Sweden"),
}

COUNTRY_CHOICES = sorted(COUNTRIES.items(), key=lambda item: item[0])


def country_name(code: str) -> str:
    return str(COUNTRIES.get(code, code or "—"))
