from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

COUNTRY_CHOICES = [
    ("", _("Not set (show international services)")),
    ("US", _("United States")),
    ("GB", _("United Kingdom")),
    ("IE", _("Ireland")),
    ("CA", _("Canada")),
    ("AU", _("Australia")),
    ("NZ", _("New Zealand")),
    ("DE", _("Germany")),
    ("FR", _("France")),
    ("ES", _("Spain")),
    ("IT", _("Italy")),
    ("NL", _("Netherlands")),
    ("IN", _("India")),
]


LANGUAGE_CHOICES = [("", _("As my browser asks")), *settings.LANGUAGES]


class ProfileForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"),
        choices=LANGUAGE_CHOICES,
        required=False,
        help_text=_("For every page, your notifications and the emails we send you."),
    )
    country = forms.ChoiceField(
        label=_("Country for crisis services"), choices=COUNTRY_CHOICES, required=False
    )
    neutral_tab_title = forms.BooleanField(
        label=_("Show a neutral title in the browser tab"), required=False
    )
