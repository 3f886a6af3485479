"""Words that could not be sent are never lost: the calm "your words are kept" page.

Two moments lose text on most sites: a form sent after the session ended (signed out in
another tab, or away too long) and a form whose CSRF token went stale (signed in again
elsewhere). Both land here, and so does a form whose thread or group is no longer there (or
whose address was changed). The page shows the words back in a box to copy, keeps them as a
draft (on the server for a signed-in member; in this browser's session until the person signs
in again), and offers the way on: send it again now, or sign in and find it waiting.

The words are echoed into the page and nowhere else: nothing here logs them.
"""

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _

from .models import DRAFT_MAX_CHARS, PLACE_PATTERN, TITLE_MAX_CHARS
from .selectors import draft_for
from .services import draft_save

SESSION_KEY = "drafts_rescued"
RESCUED_PLACES_KEPT = 5
#: The fields that carry a member's own words, with the label the page gives them back under.
TEXT_FIELDS = {
    "title": _("Title"),
    "body": _("Your message"),
    "message": _("Your note"),
    "note": _("Your note"),
}
#: Never echoed back into a page, even hidden.
SENSITIVE_MARKERS = ("password", "token", "secret", "code", "key", "otp")
#: Forms under these addresses are not offered to send again from this page.
NO_RESEND_PREFIXES = ("/accounts/", "/admin/", "/django-admin/", "/i18n/", "/me/exit/")


def _is_sensitive(name: str) -> bool:
    lowered = name.lower()
    return lowered == "csrfmiddlewaretoken" or any(m in lowered for m in SENSITIVE_MARKERS)


def words_in(request) -> list[dict]:
    """The member's words in this POST, each with the label to show it under."""
    if request.method != "POST":
        return []
    try:
        data = request.POST
    except Exception:  # noqa: BLE001 - an unreadable body carries no words to keep
        return []
    found = []
    for name, label in TEXT_FIELDS.items():
        value = data.get(name, "")
        if value and value.strip():
            found.append({"name": name, "label": label, "value": value})
    return found


def _safe_page(request, candidate: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        if candidate.startswith("/") and not candidate.startswith("//"):
            return candidate
    return ""


def page_of(request) -> str:
    """The page the form was on: the form says so (``draft_page``), else the referring page."""
    page = _safe_page(request, request.POST.get("draft_page", ""))
    if not page:
        referer = request.headers.get("Referer", "")
        host = request.get_host()
        for scheme in ("https://", "http://"):
            if referer.startswith(f"{scheme}{host}/"):
                page = _safe_page(request, referer[len(scheme) + len(host) :])
                break
    return page


def keep_in_session(request, *, place: str, title: str, body: str) -> None:
    """Until the person signs in again, their words wait in this browser's session."""
    rescued = dict(request.session.get(SESSION_KEY) or {})
    rescued.pop(place, None)
    rescued[place] = {"title": title[:TITLE_MAX_CHARS], "body": body[:DRAFT_MAX_CHARS]}
    while len(rescued) > RESCUED_PLACES_KEPT:
        rescued.pop(next(iter(rescued)))
    request.session[SESSION_KEY] = rescued


def _keep(request, words: list[dict]) -> bool:
    place = request.POST.get("draft_place", "")
    if not PLACE_PATTERN.match(place):
        return False
    values = {w["name"]: w["value"] for w in words}
    title, body = values.get("title", ""), values.get("body", "")
    if not (title or body):
        return False
    if request.user.is_authenticated:
        try:
            draft_save(user=request.user, place=place, body=body, title=title)
        except (ValidationError, PermissionDenied):
            return False
        return True
    keep_in_session(request, place=place, title=title, body=body)
    return True


def draft_initial(request, place: str) -> dict:
    """What a box at ``place`` starts with: words kept in the session, else the member's draft.

    Words kept while signed out become the member's draft here, the first time they come back
    to the page after signing in.
    """
    if not request.user.is_authenticated:
        return {}
    rescued = request.session.get(SESSION_KEY) or {}
    if place in rescued:
        kept = rescued[place]
        try:
            draft_save(
                user=request.user,
                place=place,
                body=kept.get("body", ""),
                title=kept.get("title", ""),
            )
        except (ValidationError, PermissionDenied):
            pass
        rescued = dict(rescued)
        rescued.pop(place)
        request.session[SESSION_KEY] = rescued
    draft = draft_for(user=request.user, place=place)
    if draft is None:
        return {}
    return {"title": draft.title, "body": draft.body, "restored": True}


def _resend_fields(request, words: list[dict]) -> list[tuple[str, str]]:
    """Every other field of the form, so sending again does what the first try meant."""
    texts = {w["name"] for w in words}
    fields = []
    for name, values in request.POST.lists():
        if name in texts or _is_sensitive(name):
            continue
        fields.extend((name, value) for value in values)
    return fields


def from_this_site(request) -> bool:
    """Whether the form was sent from one of our own pages (the browser says so).

    A form posted from another site is shown back but neither kept nor offered to send:
    nobody should find someone else's words waiting in their reply box.
    """
    origin = request.headers.get("Origin")
    if origin:
        return origin == f"{request.scheme}://{request.get_host()}"
    return request.headers.get("Sec-Fetch-Site", "same-origin") in {"same-origin", "none"}


STALE_FORM = "stale_form"
SIGNED_OUT = "signed_out"
NOT_FOUND = "not_found"


def words_kept_response(request, *, why: str, status: int = 403):
    """The calm page: the words back, kept as a draft, and the way to send them.

    ``why``: ``STALE_FORM`` (a CSRF failure: offered to send again), ``SIGNED_OUT`` (offered
    to sign in and find the words waiting) or ``NOT_FOUND`` (the thread or group is gone, or
    the address was changed: the words are given back, nothing more).
    """
    words = words_in(request)
    ours = from_this_site(request)
    kept = _keep(request, words) if words and ours else False
    page = page_of(request) if ours else ""
    signed_in = request.user.is_authenticated
    can_resend = (
        why == STALE_FORM
        and signed_in
        and ours
        and bool(words)
        and not request.path.startswith(NO_RESEND_PREFIXES)
        and url_has_allowed_host_and_scheme(request.get_full_path(), allowed_hosts=None)
    )
    sign_in_url = reverse(settings.LOGIN_URL) if not signed_in else ""
    if sign_in_url and page:
        sign_in_url += "?" + urlencode({"next": page})
    return render(
        request,
        "drafts/words_kept.html",
        {
            "words": words,
            "kept": kept,
            "page": page,
            "signed_in": signed_in,
            "why": why,
            "resend_action": request.get_full_path() if can_resend else "",
            "resend_fields": _resend_fields(request, words) if can_resend else [],
            "sign_in_url": sign_in_url,
        },
        status=status,
    )


def csrf_failure(request, reason: str = ""):
    """``CSRF_FAILURE_VIEW``: the site's calm page instead of Django's bare one.

    Quick exit's sign-out beacon still ends the session even with a stale token: ending a
    session is always safe, and the person is leaving in a hurry.
    """
    if request.path == reverse("accounts:quick_exit") and request.user.is_authenticated:
        logout(request)
    return words_kept_response(request, why=STALE_FORM)
