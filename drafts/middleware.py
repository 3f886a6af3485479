"""A form sent after the session ended keeps its words (see ``drafts.rescue``)."""

from django.conf import settings
from django.urls import reverse

from .rescue import words_in, words_kept_response


class SignedOutWordsMiddleware:
    """Someone signed out in another tab (or away too long) sends a reply: the view would
    answer 404 or send them to sign in, and their words would be gone. Instead they get the
    page that gives the words back and keeps them until they sign in again.

    Only POSTs by a signed-out person that carry words and would otherwise be lost are
    answered here; the page looks nothing up, so it tells nobody whether a group exists.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._login_path = None

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method == "POST"
            and not request.user.is_authenticated
            and self._words_would_be_lost(response)
            and words_in(request)
        ):
            # A 404 stays a 404: group content never admits that it exists.
            status = 404 if response.status_code == 404 else 403
            return words_kept_response(request, stale_form=False, status=status)
        return response

    def _words_would_be_lost(self, response) -> bool:
        if response.status_code == 404:
            return True
        if response.status_code in (301, 302, 303):
            if self._login_path is None:
                self._login_path = reverse(settings.LOGIN_URL)
            return response.get("Location", "").startswith(self._login_path)
        return False
