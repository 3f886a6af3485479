from django import forms
from django.utils.translation import gettext_lazy as _

from community.countries import country_choices


def country_choices_with_unset() -> list[tuple[str, str]]:
    """Every country, named in the reader's language (a country chosen on a crisis panel is
    always one the profile can show and keep)."""
    return [("", _("Not set (show international services)")), *country_choices()]


class ProfileForm(forms.Form):
    country = forms.ChoiceField(
        label=_("Country for crisis services"), choices=country_choices_with_unset, required=False
    )
    neutral_tab_title = forms.BooleanField(
        label=_("Show a neutral title in the browser tab"), required=False
    )
