from django.urls import path

from xuctien.national import views

app_name = "national"

urlpatterns = [
    path("", views.NationalView.as_view(), name="index"),
    path("import/", views.ImportView.as_view(), name="import"),
    path("provinces/<str:code>/", views.ProvinceView.as_view(), name="province"),
]
