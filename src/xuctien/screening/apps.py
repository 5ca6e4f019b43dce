from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "xuctien.screening"
    label = "screening"
    verbose_name = _("Project quality screening")

    def ready(self) -> None:
        from xuctien.core import loading
        from xuctien.core.navigation import NavItem, register
        from xuctien.programmes import computed
        from xuctien.screening import feeds, permissions
        from xuctien.screening.criteria import load_starting_criteria

        computed.register_resolver(feeds.provider_for)
        from django.db.models.signals import post_delete, post_save

        from xuctien.screening.models import IndicatorFeed

        post_save.connect(feeds.forget, sender=IndicatorFeed, dispatch_uid="screening-feeds")
        post_delete.connect(feeds.forget, sender=IndicatorFeed, dispatch_uid="screening-feeds-del")
        loading.register_step("screening", load_starting_criteria, order=60)
        group = "investments"
        register(
            NavItem(
                _("Screening criteria"),
                "screening:criteria",
                order=36,
                group=group,
                allowed=permissions.reads_criteria,
                also=("screening:criteria-edit", "screening:zone-norms"),
            )
        )
        register(
            NavItem(
                _("Project quality"),
                "screening:analytics",
                order=37,
                group=group,
                allowed=permissions.reads_analytics,
            )
        )
