from django.urls import path

from xuctien.labour import views

app_name = "labour"

urlpatterns = [
    path("", views.GapView.as_view(), name="gaps"),
    path("gaps/cell/", views.GapCellView.as_view(), name="gap-cell"),
    path("gaps/task/", views.GapTaskView.as_view(), name="gap-task"),
    path("needs/", views.NeedListView.as_view(), name="need-list"),
    path("needs/new/", views.NeedEditView.as_view(), name="need-add"),
    path("needs/<int:pk>/", views.NeedEditView.as_view(), name="need-edit"),
    path("needs/import/", views.NeedImportView.as_view(), name="need-import"),
    path("supply/", views.SupplyView.as_view(), name="supply"),
    path("jobs/", views.JobsView.as_view(), name="jobs"),
]
