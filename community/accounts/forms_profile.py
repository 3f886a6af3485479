from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from community.countries import country_choices

from .time_zones import time_zone_names


def country_choices_with_unset() -> list[tuple[str, str]]:
    """Every country, named in the reader's language (a country chosen on a crisis panel is
    always one the profile can show and keep)."""
    return [("", _("Not set (show international services)")), *country_choices()]


LANGUAGE_CHOICES = [("", _("As my browser asks")), *settings.LANGUAGES]


class ProfileForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"),
        choices=LANGUAGE_CHOICES,
        required=False,
        help_text=_("For every page, your notifications and the emails we send you."),
    )
    country = forms.ChoiceField(
        label=_("Country for crisis services"), choices=country_choices_with_unset, required=False
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=lambda: [("", _("As my device says")), *((n, n) for n in time_zone_names())],
        required=False,
        help_text=_("Times of messages, posts and sessions are shown in this zone."),
    )
    neutral_tab_title = forms.BooleanField(
        label=_("Show a neutral title in the browser tab"), required=False
    )
