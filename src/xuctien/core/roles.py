"""The roles a person can hold: one per province (``core.Membership``), or a national one."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    SECRETARIAT = "secretariat", _("Programme secretariat")
    LEADERSHIP = "leadership", _("Leadership")
    AGENCY = "agency", _("Agency officer")
    DEVELOPER = "developer", _("Industrial-park developer")
    INVESTOR = "investor", _("Investor")
    NATIONAL = "national", _("National reader")
    NATIONAL_ADMIN = "national_admin", _("National administrator")


#: Roles held over the whole country, not in a province: they read every province (and
#: compare them); the national administrator also onboards provinces. They write nothing
#: in a province.
NATIONAL = frozenset({Role.NATIONAL, Role.NATIONAL_ADMIN})
#: Roles held in a province (through a membership).
PROVINCIAL = frozenset(set(Role) - NATIONAL)
#: Roles that may see every private record of the programme (of their provinces; the
#: national roles, of every province).
READ_ALL = frozenset({Role.ADMIN, Role.SECRETARIAT, Role.LEADERSHIP, *NATIONAL})
#: Roles that may manage programme-wide data (indicators, targets, approvals).
MANAGE_PROGRAMME = frozenset({Role.ADMIN, Role.SECRETARIAT})
