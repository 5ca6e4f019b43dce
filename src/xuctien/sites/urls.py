from django.urls import path

from xuctien.sites import views

app_name = "sites"
urlpatterns = [
    path("finder/", views.FinderView.as_view(), name="finder"),
    path("finder/choose/", views.ChooseSiteView.as_view(), name="choose"),
    path("reports/", views.ReportListView.as_view(), name="review"),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="report"),
    path("zones/<str:code>/report/", views.ZoneReportView.as_view(), name="zone-report"),
]
