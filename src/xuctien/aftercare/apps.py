from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

#: Agencies shown in the answers section of the action programme's scorecard.
SECTION_TOP = 25


class AftercareConfig(AppConfig):
    name = "xuctien.aftercare"
    label = "aftercare"
    verbose_name = _("Aftercare")

    def ready(self) -> None:
        from xuctien.actions import scorecard_sections
        from xuctien.aftercare import counts, flags
        from xuctien.aftercare.home import requests_panel
        from xuctien.core import home

        flags.connect()
        counts.connect()
        _register_navigation()
        home.register(requests_panel)

        scorecard_sections.register(_scorecard_section)


def _register_navigation() -> None:
    """The aftercare pages, each shown to the people its view lets in."""
    from xuctien.aftercare import permissions
    from xuctien.aftercare.models import RoutingRule
    from xuctien.core.navigation import NavGroup, NavItem, register, register_group
    from xuctien.investments import access

    def answers(user) -> bool:  # type: ignore[no-untyped-def]
        return permissions.reads_all(user) or permissions.officer_agency_id(user) is not None

    def reads_rules(user) -> bool:  # type: ignore[no-untyped-def]
        return RoutingRule.permits(user, "view", None)

    register_group(NavGroup("aftercare", _("Aftercare"), order=40))
    for order, label, url_name, allowed in (
        (45, _("Requests"), "aftercare:request-list", permissions.reads_aftercare),
        (46, _("Escalations"), "aftercare:escalations", permissions.reads_all),
        (47, _("Patterns"), "aftercare:patterns", permissions.reads_all),
        (48, _("Early warning"), "aftercare:warnings", access.sees_all),
        (49, _("Answer scorecard"), "aftercare:scorecard", answers),
        (50, _("Routing rules"), "aftercare:routing", reads_rules),
    ):
        register(NavItem(label, url_name, order=order, group="aftercare", allowed=allowed))


def _scorecard_section(request, year):  # type: ignore[no-untyped-def]
    """Answers owed to enterprises, on the agency scorecard beside the tasks."""
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.http import urlencode

    from xuctien.actions.scorecard import reading_provinces
    from xuctien.actions.scorecard_sections import Section
    from xuctien.aftercare.scorecard import agency_summary, ranked, score_sheet

    english = getattr(request, "LANGUAGE_CODE", "vi") == "en"
    provinces = reading_provinces(request.user)
    scores = ranked(agency_summary(year, timezone.localdate(), english, provinces).values())
    title = str(_("Answers to enterprises' requests"))
    template = "aftercare/partials/scorecard_table.html"
    sheet = score_sheet(title, scores)
    see_all = ""
    if len(scores) > SECTION_TOP:
        see_all = f"{reverse('aftercare:scorecard')}?{urlencode({'year': year, 'period': 'year'})}"
    return Section(
        title,
        template,
        scores=scores[:SECTION_TOP],
        table_id="aftercare-totals",
        sheet=sheet,
        see_all=see_all,
    )
