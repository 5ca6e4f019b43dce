from django.urls import path

from xuctien.programmes import views

app_name = "programmes"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
]
