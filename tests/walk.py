"""Every page of the site with example arguments taken from the data in the database."""

from collections.abc import Callable, Iterator

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone


def _walk(patterns, prefix="", namespace=None, outer=()) -> Iterator[tuple[str, str, list[str]]]:
    """(route, name, parameter names) of every named page, with the parameters of the
    includes it sits in (/portal/<province>/zones/)."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            space = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            params = (*outer, *pattern.pattern.converters)
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), space, params)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            params = [*outer, *pattern.pattern.converters]
            yield prefix + str(pattern.pattern), name, params


def page_names() -> dict[str, list[str]]:
    """Each named page of the site (not the API or the admin) with its parameter names."""
    found: dict[str, list[str]] = {}
    for route, name, params in _walk(get_resolver().url_patterns):
        if route.startswith(("api/", "admin/")):
            continue
        found.setdefault(name, sorted(params))
    return found


def _first(model: type, field: str = "pk", **filters) -> list[dict]:
    value = model.objects.filter(**filters).values_list(field, flat=True).first()
    return [] if value is None else [value]


def _declaration() -> list:
    """A declaration to open: the demo declares no year complete (that would change the real
    verdicts), so the walk makes one for 2020, a year before the programme's first target."""
    from xuctien.core.models import Province, User
    from xuctien.investments.models import RegistryDeclaration

    existing = _first(RegistryDeclaration)
    province, declarer = Province.objects.first(), User.objects.filter(is_superuser=True).first()
    if existing or province is None or declarer is None:
        return existing
    declaration = RegistryDeclaration.objects.create(
        province=province,
        year=2020,
        declared_by=declarer,
        declared_at=timezone.now(),
        reason="Đã đối chiếu đủ GCNĐKĐT năm 2020 (ví dụ của lượt kiểm tra)",
    )
    return [declaration.pk]


def _examples() -> dict[str, Callable[[], list]]:
    """For each parameter, where its example values come from."""
    from xuctien.actions.models import Holiday, Occurrence, Task
    from xuctien.aftercare.models import Assignment, Request
    from xuctien.core.models import ApiToken, Province, Zone
    from xuctien.investments.models import Investor, Project
    from xuctien.labour.models import Need
    from xuctien.portal.models import Article, ArticleImage, InvestmentOpportunity, Invitation
    from xuctien.programmes.models import Indicator, Observation, Programme, Target
    from xuctien.reports.models import Report
    from xuctien.screening.models import Screening

    return {
        "account-token-revoke": lambda: _first(ApiToken),
        "zone-detail": lambda: list(Zone.objects.values_list("code", flat=True)),
        "programmes:programme-dashboard": lambda: list(
            Programme.objects.values_list("code", flat=True)
        ),
        "programmes:indicator": lambda: list(Indicator.objects.values_list("code", flat=True)),
        "programmes:assessment-export": lambda: _first(Indicator, "code"),
        "programmes:observation-edit": lambda: _first(Observation),
        "programmes:target-revise": lambda: _first(Target),
        "actions:task-detail": lambda: list(Task.objects.values_list("pk", flat=True)),
        "actions:task-edit": lambda: _first(Task),
        "actions:task-comment": lambda: _first(Task),
        "actions:occurrence-report": lambda: _first(Occurrence),
        "actions:holiday-edit": lambda: _first(Holiday),
        "actions:holiday-delete": lambda: _first(Holiday),
        "investments:project-detail": lambda: list(Project.objects.values_list("pk", flat=True)),
        "investments:project-move": lambda: _first(Project),
        "investments:project-update": lambda: _first(Project),
        "investments:capital-create": lambda: _first(Project),
        "investments:interaction-create": lambda: _first(Investor),
        "investments:investor-detail": lambda: list(Investor.objects.values_list("pk", flat=True)),
        "aftercare:request-detail": lambda: list(Request.objects.values_list("pk", flat=True)),
        "aftercare:request-route": lambda: _first(Request),
        "aftercare:request-close": lambda: _first(Request),
        "aftercare:request-reopen": lambda: _first(Request),
        "aftercare:request-rate": lambda: _first(Request),
        "aftercare:assignment-start": lambda: _first(Assignment),
        "aftercare:assignment-answer": lambda: _first(Assignment),
        "aftercare:assignment-reassign": lambda: _first(Assignment),
        "aftercare:attachment": list,
        "labour:need-edit": lambda: _first(Need),
        "file": list,  # a download, not a page (tests/test_uploaded_files.py)
        "actions:calendar-year": list,  # a form's POST target (marking a year covered)
        "investments:lead-route-delete": list,  # a form's POST target
        "investments:registry-declaration-edit": _declaration,
        "portal:image": lambda: _first(ArticleImage),
        # A company's own pages: one with a member, so its investor can open them.
        "portal:my-project": lambda: (
            _first(Project, investors__portal_memberships__isnull=False) or _first(Project)
        ),
        "portal:invite": lambda: (
            _first(Investor, portal_memberships__isnull=False) or _first(Investor)
        ),
        "portal:invitation-revoke": lambda: _first(Invitation),
        "portal:invitation-accept": list,  # the clear token is never stored
        "portal:opportunity-detail": lambda: list(
            InvestmentOpportunity.objects.values_list("province__slug", "code")
        ),
        "portal:opportunity-edit": lambda: _first(InvestmentOpportunity),
        "portal:article-detail": lambda: list(
            Article.objects.values_list("province__slug", "slug")
        ),
        # Every province's portal (the public pages under /portal/<slug>/)
        **{
            f"portal:{name}": lambda: list(Province.objects.values_list("slug", flat=True))
            for name in PROVINCE_PAGES
        },
        # The addresses from before provinces had portals: redirects, checked in the
        # portal's tests (tests/portal/test_provinces.py)
        "portal:legacy-opportunity-detail": list,
        "portal:legacy-article-detail": list,
        "national:province": lambda: list(Province.objects.values_list("code", flat=True)),
        "portal:article-edit": lambda: _first(Article),
        "portal:article-status": lambda: _first(Article),
        "portal:image-upload": lambda: _first(Article),
        "portal:page-edit": lambda: ["why"],
        "portal:site-inquiry": lambda: list(
            Zone.objects.filter(kind="industrial_park").values_list("province__slug", "code")[:1]
        ),
        "portal:legacy-site-inquiry": list,
        "sites:report": lambda: _site_reports(),
        "sites:zone-report": lambda: _first(Zone, "code", kind="industrial_park"),
        "reports:detail": lambda: list(Report.objects.values_list("pk", flat=True)),
        "reports:report-edit": lambda: _first(Report, status="draft"),
        "reports:issue": list,  # a form's POST target
        "reports:preview": list,  # a download, not a page (tests/reports)
        "screening:project": lambda: _first(Project),
        "screening:facts-edit": lambda: _first(Project),
        "screening:decision-edit": lambda: _first(Screening),
    }


def _site_reports() -> list:
    from xuctien.sites.models import SiteReport

    return list(SiteReport.objects.values_list("pk", flat=True)[:3])


#: The portal's public pages that take only the province's slug.
PROVINCE_PAGES = (
    "home",
    "sectors",
    "incentives",
    "zones",
    "workforce",
    "site-finder",
    "opportunity-list",
    "contacts",
    "inquiry",
    "article-list",
    "feed-rss",
    "feed-atom",
)

# Panels that htmx loads with a query: their example queries.
QUERIES = {
    "investments:forecast-panel": ["indicator=MFG_INVEST_CAPITAL", "indicator=MFG_NEW_JOBS"],
}


def page_urls() -> list[tuple[str, str]]:
    """(name, URL) of every page, a page with a parameter once per example value."""
    examples = _examples()
    urls = [
        (name, f"{reverse(name)}?{query}") for name, queries in QUERIES.items() for query in queries
    ]
    for name, params in sorted(page_names().items()):
        if not params:
            urls.append((name, reverse(name)))
            continue
        if name not in examples:
            raise LookupError(f"no example arguments for {name} ({params}): add them to walk.py")
        urls.extend(
            (name, reverse(name, args=list(value) if isinstance(value, tuple) else [value]))
            for value in examples[name]()
        )
    return urls


def as_written() -> list[str]:
    """Texts shown as people wrote or named them, in whatever language: never translated.

    Names of companies, projects, people and events are proper names; what an enterprise
    or an official writes (a request, a report, a comment, a meeting note, the reason for a
    revision) is shown as written; a source document goes by its own title. Every other
    text on a page must be in the page's language.
    """
    from xuctien.actions.models import (
        CalendarYear,
        Comment,
        Holiday,
        ProgressReport,
        Task,
        TaskGroup,
    )
    from xuctien.aftercare.models import Assignment, Rating, Request, RequestEvent, RoutingRule
    from xuctien.core.models import AgencyAlias, User, Zone
    from xuctien.investments.countries import _names
    from xuctien.investments.models import (
        Interaction,
        Investor,
        Project,
        PromotionEvent,
        RegistryDeclaration,
        StageChange,
    )
    from xuctien.labour.models import Need
    from xuctien.programmes.models import Baseline, Observation, Programme, Target
    from xuctien.reports.models import Report
    from xuctien.screening.models import CriteriaSet, ProjectFacts, Screening

    texts: set[str] = set()
    for model, fields in (
        (Investor, ["name", "parent_group"]),
        (Project, ["name"]),
        (PromotionEvent, ["name", "place"]),
        (Interaction, ["notes", "next_step"]),
        (StageChange, ["reason"]),
        (Request, ["title", "description"]),
        (Assignment, ["answer"]),
        (RequestEvent, ["note"]),
        (Rating, ["comment"]),
        (ProgressReport, ["text"]),
        (Comment, ["text"]),
        (RoutingRule, ["note"]),
        (Need, ["comment"]),  # what the enterprise wrote about its need
        (User, ["first_name", "last_name"]),
        (Zone, ["developer"]),
        # Source documents by their own titles, and the reasons given for a revision.
        (Programme, ["number"]),
        (Target, ["document", "revision_reason"]),
        (Baseline, ["source", "revision_reason"]),
        (Observation, ["source"]),
        (Holiday, ["source"]),
        (Task, ["coordinating_note", "plan", "deadline_as_published"]),
        (TaskGroup, ["name_vi"]),  # a plan's group heading, as the plan wrote it
        (AgencyAlias, ["name"]),
        (CalendarYear, ["note"]),  # what the secretariat checked a year against
        (RegistryDeclaration, ["reason"]),  # why the registry was declared complete
        # A report is an administrative document, written in Vietnamese.
        (Report, ["summary", "opening", "shortcomings", "next_steps", "proposals"]),
        (Screening, ["reason"]),  # why an officer overrode a recommendation
        (CriteriaSet, ["reason"]),  # why the secretariat changed the criteria
        (ProjectFacts, ["high_tech_certificate"]),
    ):
        present = [f.name for f in model._meta.get_fields()]
        for field in fields:
            if field in present:
                texts.update(model.objects.values_list(field, flat=True))
    # Countries are proper names: "Côte d’Ivoire" keeps its letters in English too.
    texts.update(name for _code, name in _names("en").items())
    return sorted((t for t in texts if t and len(t) > 3), key=len, reverse=True)
