from django.urls import path

from xuctien.actions import views

app_name = "actions"

urlpatterns = [
    path("", views.TaskListView.as_view(), name="task-list"),
    path("tasks/add/", views.TaskCreateView.as_view(), name="task-add"),
    path("tasks/<int:pk>/", views.TaskDetailView.as_view(), name="task-detail"),
    path("tasks/<int:pk>/edit/", views.TaskUpdateView.as_view(), name="task-edit"),
    path("tasks/<int:pk>/comment/", views.CommentView.as_view(), name="task-comment"),
    path("occurrences/<int:pk>/report/", views.ReportView.as_view(), name="occurrence-report"),
    path("overdue/", views.OverdueView.as_view(), name="overdue"),
    path("scorecard/", views.ScorecardView.as_view(), name="scorecard"),
    path("calendar/", views.HolidayListView.as_view(), name="holidays"),
    path("calendar/add/", views.HolidayEditView.as_view(), name="holiday-add"),
    path("calendar/<int:pk>/edit/", views.HolidayEditView.as_view(), name="holiday-edit"),
    path("calendar/<int:pk>/delete/", views.HolidayDeleteView.as_view(), name="holiday-delete"),
    path(
        "calendar/year/<int:year>/coverage/",
        views.CalendarYearView.as_view(),
        name="calendar-year",
    ),
    path("import/", views.ImportUploadView.as_view(), name="import"),
    path("import/confirm/", views.ImportConfirmView.as_view(), name="import-confirm"),
]
