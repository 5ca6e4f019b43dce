from django.urls import path

from xuctien.core import files, views, views_account

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("language/", views.set_language, name="set-language"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("files/<slug:kind>/<int:pk>/", files.download, name="file"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("zones/", views.ZoneListView.as_view(), name="zone-list"),
    path("zones/<str:code>/", views.ZoneDetailView.as_view(), name="zone-detail"),
    path("agencies/", views.AgencyListView.as_view(), name="agency-list"),
    path("account/tokens/", views_account.TokenListView.as_view(), name="account-tokens"),
    path(
        "account/tokens/<int:pk>/revoke/",
        views_account.TokenRevokeView.as_view(),
        name="account-token-revoke",
    ),
]
