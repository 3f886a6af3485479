"""A form sent after the session ended keeps its words (see ``drafts.rescue``)."""

from django.conf import settings
from django.urls import reverse

from .rescue import NOT_FOUND, SIGNED_OUT, words_in, words_kept_response


class SignedOutWordsMiddleware:
    """Someone signed out in another tab (or away too long) sends a reply: the view would
    answer 404 or send them to sign in, and their words would be gone. Instead they get the
    page that gives the words back and keeps them until they sign in again. A signed-in
    member whose reply finds no thread any more (removed meanwhile, a stale tab, a changed
    address) gets their words back the same way, still with a 404.

    Only POSTs that carry words and would otherwise lose them are answered here (a view that
    already gave the words back marks its response ``words_kept``); the page looks nothing
    up, so it tells nobody whether a group exists.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._login_path = None

    def __call__(self, request):
        response = self.get_response(request)
        if request.method != "POST" or getattr(response, "words_kept", False):
            return response
        if not request.user.is_authenticated and self._words_would_be_lost(response):
            why = SIGNED_OUT
        elif request.user.is_authenticated and response.status_code == 404:
            why = NOT_FOUND  # a thread removed meanwhile, a stale tab, a changed address
        else:
            return response
        if not words_in(request):
            return response
        # A 404 stays a 404: group content never admits that it exists.
        status = 404 if response.status_code == 404 else 403
        return words_kept_response(request, why=why, status=status)

    def _words_would_be_lost(self, response) -> bool:
        if response.status_code == 404:
            return True
        if response.status_code in (301, 302, 303):
            if self._login_path is None:
                self._login_path = reverse(settings.LOGIN_URL)
            return response.get("Location", "").startswith(self._login_path)
        return False
