"""The pipeline API: the same rules, filters and services as the pages."""

from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from xuctien.core import aggregates
from xuctien.core.api import fast
from xuctien.core.api.lists import ListSerializerMixin, without
from xuctien.core.api.versions import Conflict, VersionedUpdatesMixin, versioned_update
from xuctien.core.search import fold
from xuctien.investments import counting, services
from xuctien.investments.aggregates import cached_listed, counted_investors
from xuctien.investments.api.serializers import (
    CapitalEventSerializer,
    InteractionSerializer,
    InteractionUpdateSerializer,
    InvestorSerializer,
    ProjectSerializer,
    ProjectUpdateSerializer,
    ProjectWriteSerializer,
    StageMoveSerializer,
    page_investors,
)
from xuctien.investments.filtersets import InvestorFilterSet, ProjectFilterSet
from xuctien.investments.models import Interaction, Investor, Project
from xuctien.models import StaleObjectError

#: Query parameters that choose a page, not which projects: the list's count stays cached.
PAGING = {"limit", "offset", "format"}


@contextmanager
def service_errors():
    """Turn the services' refusals into API answers (400, 409; 403 passes through)."""
    try:
        yield
    except StaleObjectError as error:
        raise Conflict(error.instance) from error
    except DjangoValidationError as error:
        detail = error.message_dict if hasattr(error, "error_dict") else error.messages
        raise exceptions.ValidationError(detail) from error


class InvestorViewSet(viewsets.ReadOnlyModelViewSet):
    """Investors: those with a public project for everybody, all for the pipeline's people."""

    queryset = Investor.objects.all()
    serializer_class = InvestorSerializer
    filterset_class = InvestorFilterSet

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().restrict(self.request.user, "view").order_by("name", "id")

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        """The list counted from the cache where it can be (``counted_investors``)."""
        filtered = super().filter_queryset(queryset)
        if self.action != "list":
            return filtered
        filterset = InvestorFilterSet(self.request.query_params, queryset=queryset)
        filterset.form.is_valid()
        return counted_investors(filtered, self.request.user, filterset)

    def paginate_queryset(self, queryset: QuerySet) -> Any:
        """A list's page read as the columns it writes (``core.api.fast.rows``)."""
        if self.action == "list":
            queryset = fast.rows(queryset, self.get_serializer())
        return super().paginate_queryset(queryset)


@extend_schema_view(
    update=versioned_update(ProjectUpdateSerializer, ProjectSerializer),
    partial_update=versioned_update(ProjectUpdateSerializer, ProjectSerializer),
)
class ProjectViewSet(
    VersionedUpdatesMixin,
    ListSerializerMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Projects with the list page's filters; writes go through ``investments.services``."""

    versioned_actions = ("update", "partial_update", "stage")

    queryset = Project.objects.all()
    serializer_class = ProjectSerializer
    list_serializer_class = without(ProjectSerializer, "note")
    filterset_class = ProjectFilterSet

    def get_queryset(self) -> QuerySet:
        readable = super().get_queryset().restrict(self.request.user, "view")
        if self.action == "list":  # read as values by ``paginate_queryset``
            return readable.order_by("name", "id")
        return (
            readable.select_related("sector", "zone", "locality", "owner")
            .prefetch_related("investors", "priority_groups")
            .order_by("name", "id")
        )

    def paginate_queryset(self, queryset: QuerySet) -> Any:
        """A list's page read as the columns it writes (``core.api.fast.rows``), with its
        projects' priority groups and investors read together."""
        if self.action != "list":
            return super().paginate_queryset(queryset)
        serializer = self.get_serializer()
        page = super().paginate_queryset(fast.rows(queryset, serializer))
        if page is None:
            return None
        page = list(page)
        return page_investors(fast.prefetch(page, serializer))

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        """The unfiltered list counted from the cache (``cached_listed``)."""
        filtered = super().filter_queryset(queryset)
        if self.action != "list":
            return filtered
        if set(self.request.query_params) - PAGING:  # a filter, the province's one too
            return self._few_searched(filtered)
        cached = cached_listed(self.request.user)
        return filtered if cached is None else aggregates.counted(filtered, cached[0])

    def _few_searched(self, filtered: QuerySet) -> QuerySet:
        """A search's matches read once as ids, when few: counted from them and the page read
        by them (``counting.few_listed``), as on the list page."""
        if not fold(self.request.query_params.get("q") or "").split():
            return filtered
        few = counting.few_listed(filtered)
        if few is None:
            return filtered
        ids, listed, _counted = few
        return aggregates.counted(filtered.filter(pk__in=ids), listed)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self._valid(ProjectWriteSerializer(data=request.data))
        data.pop("version", None)
        with service_errors():
            project = services.register_project(
                request.user,
                name=data.pop("name"),
                investors=data.pop("investors", []),
                priority_groups=data.pop("priority_groups", []),
                stage=data.pop("stage"),
                on=data.pop("on", None),
                **data,
            )
        return self._answer(project, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        project = self.get_object()
        partial = kwargs.get("partial", False)
        data = self._valid(ProjectWriteSerializer(project, data=request.data, partial=partial))
        data.pop("stage", None)
        data.pop("on", None)
        version = data.pop("version", None)
        with service_errors():
            project = services.update_project(
                request.user, project, expected_version=version, **data
            )
        return self._answer(project)

    @versioned_update(StageMoveSerializer, ProjectSerializer)
    @action(detail=True, methods=["post"], serializer_class=StageMoveSerializer)
    def stage(self, request: Request, pk: str | None = None) -> Response:
        """Move the project to another stage (an exit needs a reason)."""
        project = self.get_object()
        data = self._valid(StageMoveSerializer(data=request.data))
        with service_errors():
            services.move_stage(
                request.user,
                project,
                data["to_stage"],
                on=data.get("on"),
                reason=data.get("reason", ""),
                expected_version=data.get("version"),
            )
        return self._answer(Project.objects.get(pk=project.pk))

    @extend_schema(methods=["GET"], responses=CapitalEventSerializer(many=True))
    @extend_schema(
        methods=["POST"], request=CapitalEventSerializer, responses={201: CapitalEventSerializer}
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="capital-events",
        serializer_class=CapitalEventSerializer,
        pagination_class=None,
        filterset_class=None,
    )
    def capital_events(self, request: Request, pk: str | None = None) -> Response:
        """The project's capital events; POST records one, converted at the stored rate."""
        project = self.get_object()
        if request.method == "GET":
            events = (
                project.capital_events.restrict(request.user, "view")
                .select_related("exchange_rate")
                .order_by("date", "id")
            )
            return Response(CapitalEventSerializer(events, many=True).data)
        data = self._valid(CapitalEventSerializer(data=request.data))
        with service_errors():
            event = services.add_capital_event(
                request.user, project, expected_version=data.pop("version", None), **data
            )
        return Response(CapitalEventSerializer(event).data, status=status.HTTP_201_CREATED)

    def _valid(self, serializer: Any) -> dict[str, Any]:
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _answer(self, project: Project, code: int = status.HTTP_200_OK) -> Response:
        serializer = ProjectSerializer(project, context=self.get_serializer_context())
        return Response(serializer.data, status=code)


@extend_schema_view(
    update=versioned_update(InteractionUpdateSerializer, InteractionSerializer),
    partial_update=versioned_update(InteractionUpdateSerializer, InteractionSerializer),
)
class InteractionViewSet(
    VersionedUpdatesMixin,
    ListSerializerMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Confidential: meetings, calls, visits and their next steps."""

    queryset = Interaction.objects.all()
    serializer_class = InteractionSerializer
    list_serializer_class = without(InteractionSerializer, "notes")

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().restrict(self.request.user, "view").order_by("-date", "-id")

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        data.pop("version", None)
        with service_errors():
            serializer.instance = services.record_interaction(
                self.request.user, investor=data.pop("investor"), **data
            )

    def perform_update(self, serializer: Any) -> None:
        version = serializer.validated_data.pop("version")
        with service_errors():
            _update_interaction(self.request.user, serializer, version)


def _update_interaction(user: Any, serializer: Any, version: int) -> None:
    """Save from the version the client read: an older one is refused, not overwritten."""
    interaction = serializer.instance
    if not Interaction.permits(user, "change", interaction):
        raise exceptions.PermissionDenied
    from xuctien import history

    interaction.version = version
    with history.acting_as(user):
        serializer.save()
