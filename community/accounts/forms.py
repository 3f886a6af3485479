"""Sign-up form: the pseudonym field explains the privacy rules right where they matter."""

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django.utils.translation import gettext_lazy as _

from community.forms import show_limit


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
