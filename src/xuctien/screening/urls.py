from django.urls import path

from xuctien.screening import views

app_name = "screening"

urlpatterns = [
    path("criteria/", views.CriteriaView.as_view(), name="criteria"),
    path("criteria/edit/", views.CriteriaEditView.as_view(), name="criteria-edit"),
    path("criteria/park-norms/", views.ZoneNormView.as_view(), name="zone-norms"),
    path("analytics/", views.AnalyticsView.as_view(), name="analytics"),
    path("projects/<int:pk>/", views.ProjectScreeningView.as_view(), name="project"),
    path("projects/<int:pk>/facts/edit/", views.FactsEditView.as_view(), name="facts-edit"),
    path("<int:pk>/decision/edit/", views.DecisionEditView.as_view(), name="decision-edit"),
]
