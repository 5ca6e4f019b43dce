from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AftercareConfig(AppConfig):
    name = "xuctien.aftercare"
    label = "aftercare"
    verbose_name = _("Aftercare")

    def ready(self) -> None:
        from xuctien.core.navigation import NavItem, register
        from xuctien.core.roles import Role

        people = frozenset(
            {Role.ADMIN, Role.SECRETARIAT, Role.LEADERSHIP, Role.AGENCY, Role.INVESTOR}
        )
        register(
            NavItem(
                _("Requests"), "aftercare:request-list", order=45, login_required=True, roles=people
            )
        )
        from xuctien.actions import scorecard_sections

        scorecard_sections.register(_scorecard_section)


def _scorecard_section(request, year):  # type: ignore[no-untyped-def]
    """Answers owed to enterprises, on the agency scorecard beside the tasks."""
    from django.utils import timezone

    from xuctien.actions.scorecard_sections import Section
    from xuctien.aftercare.scorecard import agency_summary, score_sheet

    english = getattr(request, "LANGUAGE_CODE", "vi") == "en"
    scores = list(agency_summary(year, timezone.localdate(), english).values())
    title = str(_("Answers to enterprises' requests"))
    template = "aftercare/partials/scorecard_table.html"
    sheet = score_sheet(title, scores)
    return Section(title, template, scores=scores, table_id="aftercare-totals", sheet=sheet)
