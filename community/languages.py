"""The person's language, everywhere: pages, websockets, and the switcher that sets it.

Guides carry their language in the address (``/es/…``). Every other page (groups, chat,
accounts, moderation) has one address for everyone, so there the person's choice applies:
a member's language setting (``/me/``) first, then the language cookie the switcher sets, then
what the browser asks for. The switcher on every page sets the cookie and, for a member, the
setting too, so the choice follows them to another device and into their emails.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import trans_real
from django.views.i18n import set_language as django_set_language

from community.accounts.languages import member_language, site_language
from community.accounts.services import language_choose


def set_language(request):
    """Django's ``set_language`` (the cookie, the redirect), plus the member's own setting."""
    response = django_set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        code = site_language(request.POST.get("language"))
        if code:
            language_choose(user=request.user, language=code)
    return response


def _scope_language(scope) -> str:
    chosen = member_language(scope.get("user"))
    if chosen:
        return chosen
    cookie = site_language((scope.get("cookies") or {}).get(settings.LANGUAGE_COOKIE_NAME))
    if cookie:
        return cookie
    headers = dict(scope.get("headers") or [])
    accept = headers.get(b"accept-language", b"").decode("latin-1")
    for code, _quality in trans_real.parse_accept_lang_header(accept):
        if code == "*":
            break
        try:
            return trans_real.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


class WebsocketLanguageMiddleware:
    """Chat and notification frames (errors, notices) in the person's language.

    Inside ``AuthMiddlewareStack``, so the user is known. The language is activated in the
    connection's own task, which every handler of the consumer runs in.
    """

    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        translation.activate(_scope_language(scope))
        return await self.inner(scope, receive, send)
