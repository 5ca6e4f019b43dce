"""The site's URLs: each app mounts its pages, and its API under /api/v1/."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

api_v1 = [
    path("", include("xuctien.programmes.api.urls")),
    path("", include("xuctien.actions.api.urls")),
    path("", include("xuctien.investments.api.urls")),
    path("", include("xuctien.aftercare.api.urls")),
    path("", include("xuctien.portal.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]

urlpatterns = [
    path("", include("xuctien.core.urls")),
    path("programmes/", include("xuctien.programmes.urls")),
    path("actions/", include("xuctien.actions.urls")),
    path("investments/", include("xuctien.investments.urls")),
    path("aftercare/", include("xuctien.aftercare.urls")),
    path("portal/", include("xuctien.portal.urls")),
    path("api/v1/", include(api_v1)),
    path("admin/", admin.site.urls),
]
