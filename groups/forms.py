from django import forms
from django.utils.translation import gettext_lazy as _


class JoinForm(forms.Form):
    accept_rules = forms.BooleanField(
        label=_("I have read the ground rules and I agree to follow them."),
        required=True,
        error_messages={"required": _("Please read and accept the ground rules to join.")},
    )
    message = forms.CharField(
        label=_("A short note to the facilitators (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
