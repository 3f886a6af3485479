"""Sign-in, with too many failed attempts answered as a 429 that says so plainly."""

from allauth.account.views import LoginView as AllauthLoginView

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
