"""The main menu, grouped by domain. Each app registers its group and entries in
``AppConfig.ready``; this module is the only place that decides what a user sees in it.

An entry is shown when the user may open its page: ``allowed`` names the app's own
permission function (the one its view asks), so the menu never offers a page that
answers 403. The current page is found by its URL name first (an entry can claim the
pages that belong to it with ``also``), then by the longest matching URL prefix, and its
group by the URL namespace, so a page deep inside an app still lights up its domain.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.signals import setting_changed
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise

#: The group of the reference lists (zones, agencies): pages of the core app.
REFERENCE = "core"


@dataclass(frozen=True)
class NavGroup:
    """A domain in the menu: its label and where it sits."""

    key: str  # the URL namespace of the app whose pages it holds ("core" for none)
    label: str | Promise
    order: int = 100


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    order: int = 100
    login_required: bool = False
    roles: frozenset[str] = field(default_factory=frozenset)
    group: str = REFERENCE
    #: The permission function the page's view asks; the entry shows only when it says yes.
    allowed: Callable[[Any], bool] | None = None
    #: Other URL names whose pages belong to this entry (an import page under "Enter figures").
    also: tuple[str, ...] = ()

    def visible_to(self, user: Any) -> bool:
        signed_in = bool(user is not None and user.is_authenticated)
        if self.login_required and not signed_in:
            return False
        if self.roles and not (signed_in and user.has_role(*self.roles)):
            return False
        return self.allowed is None or bool(self.allowed(user))


@dataclass
class Link:
    label: str | Promise
    url: str
    url_name: str
    current: bool = False
    also: tuple[str, ...] = ()


@dataclass
class Group:
    key: str
    label: str | Promise
    links: list[Link]
    current: bool = False

    @property
    def url(self) -> str:
        return self.links[0].url


_groups: dict[str, NavGroup] = {}
_items: dict[str, NavItem] = {}


def register_group(group: NavGroup) -> None:
    _groups[group.key] = group


def register(item: NavItem) -> None:
    _items[item.url_name] = item


def items_for(user: Any) -> list[NavItem]:
    """The entries ``user`` may follow, in menu order."""
    return [i for i in sorted(_items.values(), key=lambda i: i.order) if i.visible_to(user)]


def menu(
    items: Iterable[NavItem], path: str, url_name: str = "", namespace: str = ""
) -> list[Group]:
    """The entries grouped by domain, the current group and entry marked.

    ``url_name`` is the current page's full URL name ("programmes:observation-import") and
    ``namespace`` its app's namespace; both come from ``request.resolver_match``.
    """
    groups: dict[str, Group] = {}
    urls = _url_table()  # the URL conf and script prefix read once, not per entry
    for item in items:
        url = url_of(item.url_name, urls)
        if url is None:
            continue  # an entry whose page is not built yet
        link = Link(item.label, url, item.url_name, also=item.also)
        group = groups.get(item.group)
        if group is None:
            meta = _groups.get(item.group) or NavGroup(item.group, item.label)
            group = groups[item.group] = Group(meta.key, meta.label, [])
        group.links.append(link)
    ordered = sorted(groups.values(), key=lambda g: _groups.get(g.key, NavGroup("", "")).order)
    current = _current_link([link for g in ordered for link in g.links], path, url_name)
    for group in ordered:
        for link in group.links:
            link.current = link is current
        group.current = any(link.current for link in group.links) or (
            bool(namespace) and group.key == namespace
        )
    return ordered


#: (URL conf, script prefix) -> {URL name: its URL (None: no such page)}, for ``url_of``.
_urls: dict[tuple[Any, str], dict[str, str | None]] = {}


def _url_table() -> dict[str, str | None]:
    """The menu's URLs under the current URL conf and script prefix. Both live in
    thread-locals (asgiref), ~5 µs to read: once per menu, not twice per entry."""
    key = (get_urlconf(), get_script_prefix())
    table = _urls.get(key)
    if table is None:
        table = _urls[key] = {}
    return table


def url_of(url_name: str, urls: dict[str, str | None] | None = None) -> str | None:
    """``reverse(url_name)`` of a menu entry (its URL takes no argument), remembered: every
    page draws the whole menu, and reversing its ~30 entries anew took a fifth of a small
    page's time. The URLs of a running site do not change; a test that swaps the URL conf
    (``ROOT_URLCONF``) or the script prefix gets its own. ``urls``: the table of the
    current URL conf (``_url_table``), when the caller already has it."""
    table = _url_table() if urls is None else urls
    if url_name not in table:
        try:
            table[url_name] = reverse(url_name)
        except NoReverseMatch:
            table[url_name] = None
    return table[url_name]


def _forget_urls(*, setting: str, **_kwargs: Any) -> None:
    if setting == "ROOT_URLCONF":
        _urls.clear()


setting_changed.connect(_forget_urls, dispatch_uid="navigation-urls")


def _current_link(links: list[Link], path: str, url_name: str) -> Link | None:
    """The entry of this page: named for it, else the longest URL that prefixes the path."""
    for link in links:
        if url_name and (url_name == link.url_name or url_name in link.also):
            return link
    matches = [lk for lk in links if path == lk.url or (lk.url != "/" and path.startswith(lk.url))]
    return max(matches, key=lambda lk: len(lk.url), default=None)
