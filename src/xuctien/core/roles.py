"""The roles a user can hold. Each user has exactly one."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    SECRETARIAT = "secretariat", _("Programme secretariat")
    LEADERSHIP = "leadership", _("Leadership")
    AGENCY = "agency", _("Agency officer")
    DEVELOPER = "developer", _("Industrial-park developer")
    INVESTOR = "investor", _("Investor")
    NATIONAL = "national", _("National analyst")
    NATIONAL_ADMIN = "national_admin", _("National administrator")


#: Roles that may see every private record of the programme.
READ_ALL = frozenset({Role.ADMIN, Role.SECRETARIAT, Role.LEADERSHIP})
#: Roles that may manage programme-wide data (indicators, targets, approvals).
MANAGE_PROGRAMME = frozenset({Role.ADMIN, Role.SECRETARIAT})
