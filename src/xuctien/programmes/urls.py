from django.urls import path

from xuctien.programmes.views import entry, monitoring

app_name = "programmes"

urlpatterns = [
    # Monitoring: public, approved figures only for anonymous visitors.
    path("", monitoring.DashboardView.as_view(), name="dashboard"),
    path("p/<str:programme>/", monitoring.DashboardView.as_view(), name="programme-dashboard"),
    path("indicators/<str:code>/", monitoring.IndicatorView.as_view(), name="indicator"),
    path(
        "indicators/<str:code>/assessment.xlsx",
        monitoring.AssessmentExportView.as_view(),
        name="assessment-export",
    ),
    # Data entry and governance: login and role.
    path("figures/new/", entry.ObservationCreateView.as_view(), name="observation-create"),
    path("figures/<int:pk>/edit/", entry.ObservationUpdateView.as_view(), name="observation-edit"),
    path("figures/import/", entry.ObservationImportView.as_view(), name="observation-import"),
    path(
        "figures/import/template.xlsx",
        entry.ObservationTemplateView.as_view(),
        name="observation-template",
    ),
    path("figures/review/", entry.ReviewView.as_view(), name="review"),
    path("periods/", entry.PeriodLockView.as_view(), name="periods"),
    path("targets/<int:pk>/revise/", entry.TargetReviseView.as_view(), name="target-revise"),
    path("workbook/import/", entry.ProgrammeImportView.as_view(), name="programme-import"),
]
