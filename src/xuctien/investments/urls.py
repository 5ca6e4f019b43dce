from django.urls import path

from xuctien.investments.views import (
    analytics,
    board,
    imports,
    projects,
    registry,
    routes,
    work,
)

app_name = "investments"

urlpatterns = [
    path("", projects.ProjectListView.as_view(), name="project-list"),
    path("export.xlsx", projects.ProjectExportView.as_view(), name="project-export"),
    path("new/", projects.ProjectCreateView.as_view(), name="project-create"),
    path("<int:pk>/", projects.ProjectDetailView.as_view(), name="project-detail"),
    path("<int:pk>/move/", board.MoveView.as_view(), name="project-move"),
    path("<int:pk>/edit/", work.ProjectUpdateView.as_view(), name="project-update"),
    path("<int:pk>/capital/", work.CapitalEventCreateView.as_view(), name="capital-create"),
    path(
        "investors/<int:pk>/interactions/new/",
        work.InteractionCreateView.as_view(),
        name="interaction-create",
    ),
    path("next-steps/", work.NextStepsView.as_view(), name="next-steps"),
    path("board/", board.BoardView.as_view(), name="board"),
    path("investors/", projects.InvestorListView.as_view(), name="investor-list"),
    path("investors/<int:pk>/", projects.InvestorDetailView.as_view(), name="investor-detail"),
    path("analytics/", analytics.AnalyticsView.as_view(), name="analytics"),
    path("forecast/", analytics.ForecastPanelView.as_view(), name="forecast-panel"),
    path("import/", imports.ImportView.as_view(), name="import"),
    path("lead-routes/", routes.LeadRouteView.as_view(), name="lead-routes"),
    path(
        "lead-routes/<int:pk>/delete/",
        routes.LeadRouteDeleteView.as_view(),
        name="lead-route-delete",
    ),
    path("registry/", registry.RegistryDeclarationView.as_view(), name="registry-declarations"),
    path(
        "registry/<int:pk>/edit/",
        registry.RegistryDeclarationEditView.as_view(),
        name="registry-declaration-edit",
    ),
]
