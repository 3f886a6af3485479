from django import forms
from django.utils.translation import gettext_lazy as _

from community.forms import LimitsShownMixin
from groups.services import MAX_MUTE_MINUTES

from .models import Reason, WatchedWord
from .watched import validate_rule

REASON_MAX = 500


class ReportForm(LimitsShownMixin, forms.Form):
    reason = forms.ChoiceField(
        label=_("What is the concern?"), choices=Reason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Anything the moderators should know (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The person you report never learns who reported them."),
    )


class WorriedForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I'm worried about this member's safety and would like a moderator to check in."),
        required=True,
    )


class ActionForm(forms.Form):
    """Every queue decision: which action, why, and for how long where it applies."""

    ACTIONS = (
        ("dismiss", _("Dismiss")),
        ("hide", _("Hide")),
        ("unhide", _("Unhide")),
        ("delete", _("Delete")),
        ("approve", _("Approve")),
        ("reject", _("Reject")),
        ("warn", _("Warn")),
        ("mute", _("Mute in the group")),
        ("remove", _("Remove from the group")),
        ("suspend", _("Suspend the account")),
        ("escalate", _("Escalate to moderators")),
    )
    #: Decisions that take something away from a member: the member is told why, so a reason
    #: is needed (the facilitator console's confirmation step asks for one too).
    NEEDS_REASON = ("hide", "delete", "reject", "mute", "remove", "suspend")
    action = forms.ChoiceField(choices=ACTIONS)
    reason = forms.CharField(required=False, max_length=REASON_MAX)
    minutes = forms.IntegerField(required=False, min_value=1, max_value=MAX_MUTE_MINUTES)
    days = forms.IntegerField(required=False, min_value=1, max_value=365)

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == "mute" and not data.get("minutes"):
            self.add_error("minutes", _("Please say for how many minutes."))
        if action == "suspend" and not data.get("days"):
            self.add_error("days", _("Please say for how many days."))
        if action == "warn" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Please write what the member should know."))
        elif action in self.NEEDS_REASON and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Please write a short reason."))
        return data


class WatchedWordForm(forms.ModelForm):
    class Meta:
        model = WatchedWord
        fields = ["text", "kind", "action", "note", "active"]
        help_texts = {
            "text": _(
                "Words match whole words, ignoring case, accents, full-width letters, hidden "
                "characters and digits used as letters. Patterns are regular expressions "
                "(RE2 syntax, lower case) run over that same normalised text."
            )
        }

    def clean(self):
        """A rule that cannot work is refused with a clear message (the services check again)."""
        cleaned = super().clean()
        if cleaned.get("text") and cleaned.get("kind"):
            validate_rule(kind=cleaned["kind"], text=cleaned["text"])
        return cleaned


class PreferenceForm(forms.Form):
    hidden_reasons = forms.MultipleChoiceField(
        label=_("Report categories I would rather not review"),
        choices=Reason.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Other moderators review these. Safety reports always reach someone: if every "
            "moderator opts out of them, they show for everyone again."
        ),
    )
