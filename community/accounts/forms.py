"""allauth's forms in the site's words: "Pseudonym", "Email address", "New password again",
labels rather than placeholders (a placeholder in Title Case repeated allauth's own wording and
vanished as soon as someone typed)."""

from allauth.account.forms import AddEmailForm as AllauthAddEmailForm
from allauth.account.forms import ChangePasswordForm as AllauthChangePasswordForm
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import ReauthenticateForm as AllauthReauthenticateForm
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from allauth.account.forms import ResetPasswordKeyForm as AllauthResetPasswordKeyForm
from allauth.account.forms import SetPasswordForm as AllauthSetPasswordForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.mfa.base.forms import AuthenticateForm as AllauthMfaAuthenticateForm
from allauth.mfa.base.forms import ReauthenticateForm as AllauthMfaReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm as AllauthActivateTOTPForm
from django.utils.translation import gettext_lazy as _

from community.forms import show_limit

EMAIL = _("Email address")
PASSWORD = _("Password")
PASSWORD_AGAIN = _("Password again")
NEW_PASSWORD = _("New password")
NEW_PASSWORD_AGAIN = _("New password again")
APP_CODE = _("Code from your authenticator app")


def in_site_words(form, labels: dict) -> None:
    """Give ``form``'s fields the site's labels and drop allauth's placeholders."""
    for name, label in labels.items():
        if name in form.fields:
            form.fields[name].label = label
            form.fields[name].widget.attrs.pop("placeholder", None)


class SignupForm(AllauthSignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Pseudonym")
        self.fields["username"].help_text = _(
            "3–30 letters, digits, _ or -. Other members see only this name, never your email."
        )
        self.fields["username"].widget.attrs.update({"autocomplete": "nickname"})
        # The label says "Pseudonym"; allauth's placeholder said "Username".
        self.fields["username"].widget.attrs.pop("placeholder", None)
        show_limit(self.fields["username"])
        self.fields["email"].help_text = _("Private: used only to confirm your account.")


class LoginForm(AllauthLoginForm):
    """Sign-in in the site's own words (allauth's "Remember Me" reads like another product)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "remember" in self.fields:
            self.fields["remember"].label = _("Keep me signed in on this device")


class AddEmailForm(AllauthAddEmailForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        in_site_words(self, {"email": EMAIL})


class ChangePasswordForm(AllauthChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        in_site_words(
            self,
            {
                "oldpassword": _("Current password"),
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD_AGAIN,
            },
        )


class SetPasswordForm(AllauthSetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        in_site_words(self, {"password1": PASSWORD, "password2": PASSWORD_AGAIN})


class ResetPasswordForm(AllauthResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        in_site_words(self, {"email": EMAIL})


class ResetPasswordKeyForm(AllauthResetPasswordKeyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        in_site_words(self, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD_AGAIN})


class ReauthenticateForm(AllauthReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        in_site_words(self, {"password": PASSWORD})


class MfaAuthenticateForm(AllauthMfaAuthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        in_site_words(self, {"code": APP_CODE})
        self.fields["code"].help_text = _("Or one of your recovery codes.")


class MfaReauthenticateForm(AllauthMfaReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        in_site_words(self, {"code": APP_CODE})


class ActivateTOTPForm(AllauthActivateTOTPForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        in_site_words(self, {"code": APP_CODE})
