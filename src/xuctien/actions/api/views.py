"""The action programme's API: the same rules and filters as the pages."""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from xuctien.actions import counts, services
from xuctien.actions.api.serializers import (
    ProgressReportSerializer,
    TaskSerializer,
    TaskUpdateSerializer,
)
from xuctien.actions.filtersets import TaskFilterSet
from xuctien.actions.models import Occurrence, ProgressReport, Task
from xuctien.actions.permissions import reads_tasks
from xuctien.actions.scorecard import reading_provinces
from xuctien.core import aggregates
from xuctien.core.api import fast
from xuctien.core.api.lists import ListSerializerMixin, without
from xuctien.core.api.permissions import RolePermission
from xuctien.core.api.versions import Conflict, VersionedUpdatesMixin, versioned_update

#: The long texts a list item leaves out (read one task at a time).
LIST_OMITS = ("description", "expected_output", "note")


class ReadsTasks(BasePermission):
    """Tasks are internal: anonymous users, developers and investors get nothing."""

    def has_permission(self, request: Any, view: Any) -> bool:
        return reads_tasks(request.user)


def _call(function: Any, *args: Any, **kwargs: Any) -> Any:
    """Run a service, turning its Django errors into the API's."""
    try:
        return function(*args, **kwargs)
    except DjangoPermissionDenied as error:
        raise PermissionDenied(str(error)) from error
    except services.EditConflict as conflict:
        raise Conflict(conflict.current, conflict.message) from conflict
    except DjangoValidationError as error:
        detail = error.message_dict if hasattr(error, "error_dict") else error.messages
        raise ValidationError(detail) from error


@extend_schema_view(
    update=versioned_update(TaskUpdateSerializer, TaskSerializer),
    partial_update=versioned_update(TaskUpdateSerializer, TaskSerializer),
)
class TaskViewSet(
    VersionedUpdatesMixin,
    ListSerializerMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Task.objects.all()
    serializer_class = TaskSerializer
    list_serializer_class = without(TaskSerializer, *LIST_OMITS)
    filterset_class = TaskFilterSet
    permission_classes = [ReadsTasks, RolePermission]

    def get_queryset(self) -> Any:
        tasks = Task.objects.restrict(self.request.user, "view")
        if self.action == "list":  # read as values by ``paginate_queryset``
            return tasks
        return tasks.select_related("lead_agency").prefetch_related(
            "coordinating_agencies", "occurrences"
        )

    def paginate_queryset(self, queryset: Any) -> Any:
        """The count of the unfiltered list (a reader of tasks reads every task of their
        provinces) is their provinces' cached counts: ``counts.tasks``. A list's page is read
        as what its items show, no more (``core.api.fast.rows``: not the long texts they
        leave out), with the agencies' ids and the occurrences' own fields, as plain lists
        (``core.api.fast.prefetch``)."""
        if self.action != "list":
            return super().paginate_queryset(queryset)
        if not set(self.request.query_params) - {"limit", "offset"}:
            provinces = reading_provinces(self.request.user)
            queryset = aggregates.counted(queryset, counts.tasks(provinces))
        serializer = self.get_serializer()
        page = super().paginate_queryset(fast.rows(queryset, serializer))
        return None if page is None else fast.prefetch(list(page), serializer)

    def perform_create(self, serializer: TaskSerializer) -> None:
        data = dict(serializer.validated_data)
        coordinating = data.pop("coordinating_agencies", [])
        data.pop("version", None)
        task = _call(services.create_task, self.request.user, Task(**data), coordinating)
        serializer.instance = task

    def perform_update(self, serializer: TaskSerializer) -> None:
        data = dict(serializer.validated_data)
        coordinating = data.pop("coordinating_agencies", None)
        version = data.pop("version", None)
        task = serializer.instance
        for name, value in data.items():
            setattr(task, name, value)
        _call(services.update_task, self.request.user, task, version, coordinating)


class ProgressReportViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = ProgressReport.objects.all()
    serializer_class = ProgressReportSerializer
    permission_classes = [ReadsTasks, RolePermission]
    filterset_fields = ["occurrence"]

    def get_queryset(self) -> Any:
        return ProgressReport.objects.restrict(self.request.user, "view").select_related(
            "occurrence"
        )

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        visible = Occurrence.objects.restrict(request.user, "view")
        occurrence = get_object_or_404(visible.select_related("task"), pk=data["occurrence"].pk)
        report = _call(
            services.report_progress,
            request.user,
            occurrence,
            text=data["text"],
            percent=data["percent"],
            reported_on=data.get("reported_on"),
            version=data.get("version"),
        )
        return Response(self.get_serializer(report).data, status=status.HTTP_201_CREATED)
