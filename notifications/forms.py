from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Notification

HELP = {
    Notification.Kind.SAFETY_ALERT: _("For facilitators and moderators. Always sent by email."),
    Notification.Kind.CHECKIN_REQUEST: _("For facilitators: a member asks for a check-in."),
}


class EmailPreferencesForm(forms.Form):
    """One checkbox per kind: email me about this, or tell me only on the site."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in Notification.Kind.choices:
            self.fields[kind] = forms.BooleanField(
                label=label, required=False, help_text=HELP.get(kind, "")
            )
