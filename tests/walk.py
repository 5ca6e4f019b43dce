"""Every page of the site with example arguments taken from the data in the database."""

from collections.abc import Callable, Iterator

from django.urls import URLPattern, URLResolver, get_resolver, reverse


def _walk(patterns, prefix="", namespace=None) -> Iterator[tuple[str, str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            space = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), space)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield prefix + str(pattern.pattern), name, pattern


def page_names() -> dict[str, list[str]]:
    """Each named page of the site (not the API or the admin) with its parameter names."""
    found: dict[str, list[str]] = {}
    for route, name, pattern in _walk(get_resolver().url_patterns):
        if route.startswith(("api/", "admin/")):
            continue
        found.setdefault(name, sorted(pattern.pattern.converters))
    return found


def _first(model: type, field: str = "pk", **filters) -> list[dict]:
    value = model.objects.filter(**filters).values_list(field, flat=True).first()
    return [] if value is None else [value]


def _examples() -> dict[str, Callable[[], list]]:
    """For each parameter, where its example values come from."""
    from xuctien.actions.models import Holiday, Occurrence, Task
    from xuctien.aftercare.models import Assignment, Request
    from xuctien.core.models import ApiToken, Zone
    from xuctien.investments.models import Investor, Project
    from xuctien.portal.models import Article, ArticleImage, InvestmentOpportunity, Invitation
    from xuctien.programmes.models import Indicator, Observation, Programme, Target

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
        "file": list,  # a download, not a page (tests/test_uploaded_files.py)
        "actions:calendar-year": list,  # a form's POST target (marking a year covered)
        "investments:lead-route-delete": list,  # a form's POST target
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
            InvestmentOpportunity.objects.values_list("code", flat=True)
        ),
        "portal:opportunity-edit": lambda: _first(InvestmentOpportunity),
        "portal:article-detail": lambda: list(Article.objects.values_list("slug", flat=True)),
        "portal:article-edit": lambda: _first(Article),
        "portal:article-status": lambda: _first(Article),
        "portal:image-upload": lambda: _first(Article),
        "portal:page-edit": lambda: ["why"],
    }


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
        urls.extend((name, reverse(name, args=[value])) for value in examples[name]())
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
        StageChange,
    )
    from xuctien.programmes.models import Baseline, Observation, Programme, Target

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
    ):
        present = [f.name for f in model._meta.get_fields()]
        for field in fields:
            if field in present:
                texts.update(model.objects.values_list(field, flat=True))
    # Countries are proper names: "Côte d’Ivoire" keeps its letters in English too.
    texts.update(name for _code, name in _names("en").items())
    return sorted((t for t in texts if t and len(t) > 3), key=len, reverse=True)
