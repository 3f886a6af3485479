from datetime import UTC

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.forms import LimitsShownMixin

from .models import GroupSession, SessionRSVP


class SessionForm(LimitsShownMixin, forms.ModelForm):
    """Times are entered and shown in UTC, which the page says plainly."""

    starts_at = forms.DateTimeField(
        label=_("Starts at (UTC)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration in minutes"), min_value=15, max_value=240
    )
    repeat_until = forms.DateField(
        label=_("Repeat until (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = GroupSession
        fields = ["title", "starts_at", "duration_minutes", "recurrence", "repeat_until", "agenda"]

    def clean_starts_at(self):
        starts_at = self.cleaned_data["starts_at"]
        if timezone.is_naive(starts_at):
            starts_at = starts_at.replace(tzinfo=UTC)
        if starts_at < timezone.now():
            raise forms.ValidationError(_("Please choose a time in the future."))
        return starts_at

    def clean(self):
        cleaned = super().clean()
        starts_at, until = cleaned.get("starts_at"), cleaned.get("repeat_until")
        if starts_at and until and until < starts_at.date():
            self.add_error("repeat_until", _("The last date must be on or after the first."))
        return cleaned


class RSVPForm(forms.Form):
    occurrence = forms.DateTimeField(input_formats=["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S"])
    response = forms.ChoiceField(choices=SessionRSVP.Response.choices)
