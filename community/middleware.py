"""Responses for signed-in people are never cached: computers are shared."""

from django.conf import settings
from django.contrib.auth.middleware import get_user
from django.middleware.locale import LocaleMiddleware
from django.urls import URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers

from community.accounts.languages import member_language
from community.ratelimit import RateLimited
from community.views import rate_limited_response


class PrivateCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._logout_path = None

    def __call__(self, request):
        was_signed_in = request.user.is_authenticated
        response = self.get_response(request)
        if was_signed_in:
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
            patch_vary_headers(response, ("Cookie",))
        if self._is_sign_out(request) and was_signed_in and not request.user.is_authenticated:
            response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
        return response

    def _is_sign_out(self, request) -> bool:
        if self._logout_path is None:
            self._logout_path = reverse("account_logout")
        return request.method == "POST" and request.path == self._logout_path


class PermissionsPolicyMiddleware:
    """``Permissions-Policy`` on every response: no page here needs the camera, microphone,
    location, payment or other powerful browser features, so none may ask for them (nor any
    frame, script or extension running in one of our pages)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Permissions-Policy", self.policy)
        return response


class RateLimitMiddleware:
    """Turns :class:`community.ratelimit.RateLimited` from any view or service into a calm 429."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RateLimited):
            return rate_limited_response(request, exception)
        return None


class SiteLocaleMiddleware:
    """Django's ``LocaleMiddleware``, except where an address carries no language of its own.

    The guides live under language prefixes (``/es/guides/…``), with English unprefixed; Django
    therefore serves every unprefixed address in English. Groups, chat, accounts and
    moderation have one address for everyone, so there the person's own choice applies: a
    member's language setting, then the language cookie (``/i18n/setlang/``), then the
    browser's Accept-Language (``community.languages``).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._locale = LocaleMiddleware(get_response)
        self._neutral_prefixes = None

    def __call__(self, request):
        self._locale.process_request(request)
        if self._is_language_neutral(request.path_info):
            # The user is looked up once here and kept for AuthenticationMiddleware.
            chosen = member_language(get_user(request))
            translation.activate(
                chosen or translation.get_language_from_request(request, check_path=False)
            )
            request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        return self._locale.process_response(request, response)

    def _is_language_neutral(self, path: str) -> bool:
        if self._neutral_prefixes is None:
            self._neutral_prefixes = language_neutral_prefixes()
        return path.startswith(self._neutral_prefixes)


def language_neutral_prefixes() -> tuple[str, ...]:
    """The literal starts of the routes outside ``i18n_patterns`` (``/groups/``, ``/me/``…)."""
    prefixes = []
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and isinstance(entry.pattern, LocalePrefixPattern):
            continue
        literal = str(entry.pattern).lstrip("^").split("<", 1)[0]
        if literal.endswith("/"):
            prefixes.append("/" + literal)
    return tuple(prefixes)
