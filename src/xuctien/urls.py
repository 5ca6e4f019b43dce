"""The site's URLs: each app mounts its pages; every app's API shares one router."""

from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from xuctien.actions.api import urls as actions_api
from xuctien.aftercare.api import urls as aftercare_api
from xuctien.core.api import errors as api_errors
from xuctien.investments.api import urls as investments_api
from xuctien.labour.api import urls as labour_api
from xuctien.national.api import urls as national_api
from xuctien.portal.api import urls as portal_api
from xuctien.programmes.api import urls as programmes_api
from xuctien.screening.api import urls as screening_api
from xuctien.sites.api import urls as sites_api

# One router, so /api/v1/ lists every endpoint; each app keeps its own registrations.
api_router = DefaultRouter()
api_router.trailing_slash = "/?"  # /api/v1/indicators/X/assessments works with or without "/"
for app_api in (
    programmes_api,
    actions_api,
    investments_api,
    aftercare_api,
    portal_api,
    sites_api,
    labour_api,
    national_api,
    screening_api,
):
    api_router.registry.extend(app_api.router.registry)

api_v1 = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI from the pinned sidecar package, its start-up script a separate request
    # (no inline script, so the Content-Security-Policy holds on this page too).
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", template_name="api/swagger_ui.html"
        ),
        name="api-docs",
    ),
    path("", include(api_router.urls)),
    re_path(r"", api_errors.not_found),  # no endpoint here: 404 in JSON, not the HTML page
]

urlpatterns = [
    path("", include("xuctien.core.urls")),
    path("programmes/", include("xuctien.programmes.urls")),
    path("actions/", include("xuctien.actions.urls")),
    path("investments/", include("xuctien.investments.urls")),
    path("aftercare/", include("xuctien.aftercare.urls")),
    path("labour/", include("xuctien.labour.urls")),
    path("portal/", include("xuctien.portal.urls")),
    path("sites/", include("xuctien.sites.urls")),
    path("national/", include("xuctien.national.urls")),
    path("reports/", include("xuctien.reports.urls")),
    path("screening/", include("xuctien.screening.urls")),
    path("api/v1/", include(api_v1)),
    path("admin/", admin.site.urls),
]
