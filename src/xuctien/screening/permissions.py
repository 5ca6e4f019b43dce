"""Who may read and change the screening.

* The criteria are the programme's policy: the pipeline's people read them (administrators,
  the secretariat, leadership, promotion officers, park developers); the secretariat and
  administrators change them.
* A project's screening facts and screenings are confidential like its stage history: read
  by those who see the project's confidential side (``investments.access``); a screening is
  made and decided by those who may edit the project. Leadership reads, never writes.
* The quality analytics show the whole pipeline: those who read all of it.
"""

from typing import Any

from xuctien.core.permissions import is_active, manages_programme
from xuctien.investments import access


def reads_criteria(user: Any) -> bool:
    return access.sees_all(user) or bool(access.developer_zone_ids(user))


def edits_criteria(user: Any) -> bool:
    return manages_programme(user)


def reads_analytics(user: Any) -> bool:
    return access.sees_all(user)


def may_screen(user: Any, project: Any) -> bool:
    """The roles that may edit the project."""
    from xuctien.investments.models import Project

    return is_active(user) and Project.permits(user, "change", project)
