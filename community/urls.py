"""Site URLs. Wagtail's page tree is last so app routes win over page slugs."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from community.accounts.views_auth import login, the_one_sign_in
from community.health import healthz
from community.languages import set_language
from moderation import separation_views
from moderation.views import staff_home

# allauth looks up ``<ROOT_URLCONF>.handler429`` for its own rate limits.
handler429 = "community.views.handler429"
handler500 = "community.views.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("django-admin/", admin.site.urls),
    path("admin/login/", the_one_sign_in),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Ours first: the same sign-in, answering 429 after too many failed attempts.
    path("accounts/login/", login, name="account_login"),
    path("accounts/", include("allauth.urls")),
    # Safety requests are made from /me/keep-apart/ and decided by moderators: their views
    # live with the moderation app, above accounts in the layer contract.
    path("me/keep-apart/request/", separation_views.request_create, name="separation_request"),
    path(
        "me/keep-apart/request/<int:pk>/withdraw/",
        separation_views.request_withdraw,
        name="separation_withdraw",
    ),
    path("me/", include("community.accounts.urls")),
    path("groups/<slug:slug>/", include("chat.urls")),
    path("groups/", include("groups.urls")),
    path("moderation/", include("moderation.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("staff/", staff_home, name="staff_home"),
    path("bench/", include("bench.urls")),
]

urlpatterns += i18n_patterns(
    path("_util/login/", the_one_sign_in),
    path("", include("content.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
