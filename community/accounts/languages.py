"""Which language a member reads in: their setting, or the site's default away from a page."""

from django.conf import settings


def site_language(code: str | None) -> str:
    """``code`` if the site speaks it, else ``""``."""
    return code if code in dict(settings.LANGUAGES) else ""


def member_language(user) -> str:
    """The language a member chose in their settings (``""``: none, or not signed in)."""
    if not getattr(user, "is_authenticated", False):
        return ""
    return site_language(getattr(user, "language", ""))


def language_for_recipient(user) -> str:
    """For what a member reads away from a page (an email, a live notification)."""
    return member_language(user) or settings.LANGUAGE_CODE


def remember_language(response, code: str) -> None:
    """The language cookie, as Django's ``set_language`` writes it."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
