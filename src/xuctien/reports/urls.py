from django.urls import path

from xuctien.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.ReportListView.as_view(), name="list"),
    path("new/", views.ReportCreateView.as_view(), name="create"),
    path("<int:pk>/", views.ReportDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.ReportUpdateView.as_view(), name="report-edit"),
    path("<int:pk>/issue/", views.ReportIssueView.as_view(), name="issue"),
    path("<int:pk>/preview/", views.ReportPreviewView.as_view(), name="preview"),
    path("history/", views.HistoryExportView.as_view(), name="history"),
]
