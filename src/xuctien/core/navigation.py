"""The main menu. Each app registers its entries in ``AppConfig.ready``."""

from dataclasses import dataclass, field

from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    order: int = 100
    login_required: bool = False
    roles: frozenset[str] = field(default_factory=frozenset)


_items: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    _items[item.url_name] = item


def items_for(user) -> list[NavItem]:  # type: ignore[no-untyped-def]
    visible = []
    for item in sorted(_items.values(), key=lambda i: i.order):
        if item.login_required and not user.is_authenticated:
            continue
        if item.roles and not (user.is_authenticated and user.has_role(*item.roles)):
            continue
        visible.append(item)
    return visible
