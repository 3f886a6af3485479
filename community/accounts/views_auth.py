"""Sign-in, with too many failed attempts answered as a 429 that says so plainly."""

from allauth.account.views import LoginView as AllauthLoginView
from django.views.generic import RedirectView

FAILED_ATTEMPTS_RETRY_SECONDS = 300


class LoginView(AllauthLoginView):
    def form_invalid(self, form):
        response = super().form_invalid(form)
        codes = {error.code for errors in form.errors.as_data().values() for error in errors}
        if "too_many_login_attempts" in codes:
            response.status_code = 429
            response["Retry-After"] = str(FAILED_ATTEMPTS_RETRY_SECONDS)
        return response


login = LoginView.as_view()

#: Wagtail's own sign-in forms (``/admin/login/``, ``/_util/login/``) take a password alone and
#: would skip the two-factor step moderators must pass: they lead to this site's one sign-in.
the_one_sign_in = RedirectView.as_view(pattern_name="account_login", query_string=True)
