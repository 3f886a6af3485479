"""Forms for the privacy pages: deletion, blocking and keep-apart."""

from django import forms
from django.utils.translation import gettext_lazy as _

from community.accounts.validators import PSEUDONYM_MAX_LENGTH
from community.privacy import POSTS_ANONYMISE, POSTS_ERASE


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password, to confirm it is you"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    posts_mode = forms.ChoiceField(
        label=_("Your forum posts"),
        choices=[
            (POSTS_ANONYMISE, _("Keep them, shown as written by “former member”")),
            (POSTS_ERASE, _("Erase them")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose what happens to your posts.")},
    )
    confirm = forms.BooleanField(
        label=_("I understand this cannot be undone."),
        error_messages={"required": _("Please tick the box to confirm.")},
    )


class PseudonymForm(forms.Form):
    pseudonym = forms.CharField(
        label=_("Pseudonym"),
        max_length=PSEUDONYM_MAX_LENGTH + 1,
        error_messages={"required": _("Please enter a pseudonym.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput, max_length=500)


class SeparationRequestForm(forms.Form):
    pseudonym = forms.CharField(
        label=_("Their pseudonym"),
        max_length=PSEUDONYM_MAX_LENGTH + 1,
        error_messages={"required": _("Please enter a pseudonym.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    note = forms.CharField(
        label=_("Anything the moderators should know (optional, only moderators read it)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
