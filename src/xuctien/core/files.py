"""Every uploaded file is downloaded through one view, which asks the file's model who may.

Nothing serves the media directory directly (not the app, not the web server): a file is
reached as ``/files/<kind>/<id>/``, looked up in its model's permission-restricted queryset
(``objects.restrict(user, "view")``), and refused with a 404 when the person may not see it,
so a refusal does not even say that the file exists. Documents download as attachments
under their original name; images (article pictures) show inline.
"""

from typing import Any

from django.apps import apps
from django.contrib.auth.views import redirect_to_login
from django.db import models
from django.http import FileResponse, Http404, HttpRequest, HttpResponse

#: The kinds of uploaded file, each the model whose ``restrict_queryset`` guards it.
DOWNLOADS = {
    "actions-report": "actions.ReportAttachment",
    "aftercare-request": "aftercare.RequestAttachment",
    "portal-image": "portal.ArticleImage",
    "reports-file": "reports.ReportFile",
}


def model_for(kind: str) -> type[models.Model]:
    try:
        return apps.get_model(DOWNLOADS[kind])
    except KeyError:
        raise Http404 from None


def download(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """The file of record ``pk`` of ``kind``, if the person may see that record."""
    model = model_for(kind)
    record = model.objects.restrict(request.user, "view").filter(pk=pk).first()
    if record is None or not record.file:
        if not request.user.is_authenticated and not getattr(model, "public_files", False):
            return redirect_to_login(request.get_full_path())
        raise Http404
    return file_response(record)


def file_response(record: Any) -> FileResponse:
    try:
        handle = record.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    inline = record.content_type.startswith("image/")
    name = getattr(record, "original_name", "") or None
    response = FileResponse(
        handle, as_attachment=not inline, filename=name, content_type=record.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    public = getattr(record, "file_is_public", False)
    response["Cache-Control"] = "public, max-age=86400" if public else "private, no-store"
    return response
