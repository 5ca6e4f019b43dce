"""The portal's pages: public (no login, one portal per province under its slug), investor
accounts, and the Centre's editors."""

from django.urls import include, path

from xuctien.core import files
from xuctien.labour.views import WorkforceView
from xuctien.portal import feeds
from xuctien.portal.views import account, editor, news, provinces, public, sites

app_name = "portal"

#: The public pages, each under its province's slug: /portal/<slug>/sectors/ …
PUBLIC = [
    path("", public.HomeView.as_view(), name="home"),
    path("sectors/", public.SectorsView.as_view(), name="sectors"),
    path("incentives/", public.IncentivesView.as_view(), name="incentives"),
    path("zones/", public.ZonesView.as_view(), name="zones"),
    path("workforce/", WorkforceView.as_view(), name="workforce"),
    path("opportunities/", public.OpportunityListView.as_view(), name="opportunity-list"),
    path(
        "opportunities/<slug:code>/",
        public.OpportunityDetailView.as_view(),
        name="opportunity-detail",
    ),
    path("contacts/", public.ContactsView.as_view(), name="contacts"),
    path("inquiry/", public.InquiryView.as_view(), name="inquiry"),
    path("site-finder/", sites.SiteFinderView.as_view(), name="site-finder"),
    path("site-finder/<str:code>/inquiry/", sites.SiteInquiryView.as_view(), name="site-inquiry"),
    path("news/", news.ArticleListView.as_view(), name="article-list"),
    path("news/feed/", feeds.NewsFeed(), name="feed-rss"),
    path("news/atom/", feeds.NewsAtomFeed(), name="feed-atom"),
    path("news/<slug:slug>/", news.ArticleDetailView.as_view(), name="article-detail"),
]

#: The addresses the portal had before it served several provinces: each goes to the same
#: page of the only province, or to the list of provinces when there are several.
LEGACY = [
    path(
        str(entry.pattern),
        provinces.LegacyView.as_view(url_name=entry.name),
        name=f"legacy-{entry.name}",
    )
    for entry in PUBLIC
    if entry.name != "home"
]

urlpatterns = [
    path("", provinces.ProvinceListView.as_view(), name="index"),
    # The address article bodies hold; served by the one access-checked file view.
    path("images/<int:pk>/", files.download, {"kind": "portal-image"}, name="image"),
    # Investor accounts
    path("account/", account.AccountView.as_view(), name="account"),
    path("account/projects/<int:pk>/", account.MyProjectView.as_view(), name="my-project"),
    path("account/companies/<int:pk>/invite/", account.InviteView.as_view(), name="invite"),
    path(
        "invitations/<int:pk>/revoke/",
        account.RevokeInvitationView.as_view(),
        name="invitation-revoke",
    ),
    path(
        "invitations/accept/<str:token>/",
        account.AcceptInvitationView.as_view(),
        name="invitation-accept",
    ),
    # The Centre's editors
    path("manage/", editor.EditorHomeView.as_view(), name="editor"),
    path("manage/invite/", account.StaffInviteView.as_view(), name="staff-invite"),
    path("manage/articles/new/", editor.ArticleEditView.as_view(), name="article-create"),
    path("manage/articles/<int:pk>/", editor.ArticleEditView.as_view(), name="article-edit"),
    path(
        "manage/articles/<int:pk>/status/",
        editor.ArticleStatusView.as_view(),
        name="article-status",
    ),
    path(
        "manage/articles/<int:pk>/images/",
        editor.ImageUploadView.as_view(),
        name="image-upload",
    ),
    path("manage/pages/<str:slot>/", editor.PageEditView.as_view(), name="page-edit"),
    path(
        "manage/opportunities/new/",
        editor.OpportunityEditView.as_view(),
        name="opportunity-create",
    ),
    path(
        "manage/opportunities/<int:pk>/",
        editor.OpportunityEditView.as_view(),
        name="opportunity-edit",
    ),
    *LEGACY,
    path("<slug:province>/", include(PUBLIC)),
]
