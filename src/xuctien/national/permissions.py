"""Who sees the nation: national roles (and superusers) only; who onboards provinces: the
national administrator (and superusers). One definition, in ``core.scope``."""

from xuctien.core.scope import onboards_provinces as onboards
from xuctien.core.scope import reads_every_province as sees_nation

__all__ = ["onboards", "sees_nation"]
