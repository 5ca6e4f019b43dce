"""The aftercare API: the same visibility, filters and services as the pages."""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated, PermissionDenied, ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from xuctien.aftercare import counts, permissions, services
from xuctien.aftercare.api.serializers import (
    AnswerSerializer,
    RateSerializer,
    RequestCreateSerializer,
    RequestSerializer,
)
from xuctien.aftercare.filtersets import RequestFilterSet
from xuctien.aftercare.models import Request
from xuctien.core.api import fast
from xuctien.core.permissions import manages_programme


class TakesPart(BasePermission):
    """Anonymous users, developers and other outsiders get nothing."""

    def has_permission(self, request: Any, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            raise NotAuthenticated
        return permissions.reads_aftercare(request.user)


def _call(function: Any, *args: Any, **kwargs: Any) -> Any:
    """Run a service, turning its Django errors into the API's."""
    try:
        return function(*args, **kwargs)
    except DjangoPermissionDenied as error:
        raise PermissionDenied(str(error)) from error
    except DjangoValidationError as error:
        detail = error.message_dict if hasattr(error, "error_dict") else error.messages
        raise ValidationError(detail) from error


class RequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Requests the caller may see; create for one's own company; answer; rate."""

    queryset = Request.objects.all()
    serializer_class = RequestSerializer
    filterset_class = RequestFilterSet
    permission_classes = [TakesPart]

    def get_queryset(self) -> Any:
        # The serializer writes the enterprise's and project's ids only: no join for them.
        # A list's page reads its related rows itself (``paginate_queryset``).
        visible = Request.objects.restrict(self.request.user, "view")
        if self.action == "list":
            return visible
        return visible.prefetch_related("assignments", "events", "ratings")

    def list(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        """A national reader's unfiltered page is kept as written (``counts.national_page``:
        a hundred requests with their nested lists took three queries and some 12 ms);
        every other list is read and written as it is asked for."""
        queryset = self.filter_queryset(self.get_queryset())
        if not counts.is_every_request(queryset):
            return super().list(request, *args, **kwargs)
        paginator = self.paginator
        limit, offset = paginator.get_limit(request), paginator.get_offset(request)

        def written() -> dict[str, Any]:
            page = self.paginate_queryset(queryset)
            entries = list(self.get_serializer(page, many=True).data)
            return {"count": paginator.count, "results": entries}

        found = counts.national_page(f"page:{limit}:{offset}", written)
        # the links are the request's own (its host and query): set as paginating sets them
        paginator.request, paginator.limit, paginator.offset = request, limit, offset
        paginator.count = found["count"]
        return paginator.get_paginated_response(found["results"])

    def paginate_queryset(self, queryset: Any) -> Any:
        """A national reader's unfiltered list is counted from the cache (``counts``)."""
        if self.action != "list":
            return super().paginate_queryset(queryset)
        # the page read as the columns it writes, with its assignments, events and ratings,
        # as ``FastListSerializer`` reads them (``core.api.fast``)
        serializer = self.get_serializer()
        page = super().paginate_queryset(fast.rows(counts.counted(queryset), serializer))
        return fast.prefetch(list(page), serializer) if page is not None else None

    @extend_schema(request=RequestCreateSerializer, responses={201: RequestSerializer})
    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        incoming = RequestCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        investor = self._company(data.pop("enterprise"))
        project_id = data.pop("project", None)
        if project_id:
            data["project"] = self._project(investor, project_id)
        created = _call(services.submit_request, request.user, investor, **data)
        return Response(self.get_serializer(created).data, status=status.HTTP_201_CREATED)

    def _company(self, pk: int) -> Any:
        from xuctien.investments.models import Investor

        if manages_programme(self.request.user):
            return get_object_or_404(Investor.objects.all(), pk=pk)
        return get_object_or_404(permissions_companies(self.request.user), pk=pk)

    def _project(self, investor: Any, pk: int) -> Any:
        project = investor.projects.filter(pk=pk).first()
        if project is None:
            raise ValidationError({"project": ["This project is not the enterprise's."]})
        return project

    @extend_schema(request=AnswerSerializer, responses=RequestSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request: Any, pk: str | None = None) -> Response:
        """The assigned agency's answer: {"assignment": id, "answer": text}."""
        req = self.get_object()
        incoming = AnswerSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        assignment = req.assignments.filter(pk=incoming.validated_data["assignment"]).first()
        if assignment is None:
            raise Http404
        _call(services.answer, request.user, assignment, incoming.validated_data["answer"])
        req.refresh_from_db()
        return Response(self.get_serializer(req).data)

    @extend_schema(request=RateSerializer, responses={201: RequestSerializer})
    @action(detail=True, methods=["post"])
    def rate(self, request: Any, pk: str | None = None) -> Response:
        """The enterprise's mark for the current answer: {"score": 1–5, "comment": …}."""
        req = self.get_object()
        incoming = RateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        _call(services.rate, request.user, req, **incoming.to_service())
        req.refresh_from_db()
        return Response(self.get_serializer(req).data, status=status.HTTP_201_CREATED)


def permissions_companies(user: Any) -> Any:
    from xuctien.portal.membership import companies_for

    return companies_for(user)
