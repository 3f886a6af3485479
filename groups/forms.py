from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from community.forms import LimitsShownMixin

from .models import SupportGroup
from .settings_services import RESERVED_SLUGS


class JoinForm(LimitsShownMixin, forms.Form):
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


class AcceptRulesForm(forms.Form):
    accept_rules = forms.BooleanField(
        label=_("I have read the updated ground rules and I agree to follow them."),
        required=True,
        error_messages={"required": _("Please tick the box to accept the ground rules.")},
    )


class InviteForm(forms.Form):
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=30, initial=7)
    max_uses = forms.IntegerField(
        label=_("Number of people it admits"), min_value=1, max_value=50, initial=1
    )


class GroupSettingsForm(LimitsShownMixin, forms.ModelForm):
    """What facilitators may change; new ground rules ask every member to accept them."""

    class Meta:
        model = SupportGroup
        fields = [
            "name",
            "description",
            "topics",
            "language",
            "listed",
            "join_policy",
            "capacity",
            "schedule_summary",
            "ground_rules",
            "allow_anonymous_posts",
            "premoderated_post_count",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "ground_rules": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "ground_rules": _("Changing the rules asks every member to accept them again."),
        }

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if not 2 <= capacity <= 100:
            raise forms.ValidationError(_("A group has between 2 and 100 seats."))
        return capacity


def _users_by_pseudonym(raw: str):
    names = [name.strip().lstrip("@") for name in raw.split(",") if name.strip()]
    users = []
    missing = []
    user_model = get_user_model()
    for name in names:
        user = user_model.objects.filter(username__iexact=name, is_active=True).first()
        if user is None:
            missing.append(name)
        else:
            users.append(user)
    if missing:
        raise forms.ValidationError(
            _("No member is called: %(names)s.") % {"names": ", ".join(missing)}
        )
    return users


class GroupCreateForm(GroupSettingsForm):
    """Moderators open a group and name its facilitators by pseudonym."""

    facilitators = forms.CharField(
        label=_("Facilitators"),
        help_text=_("Pseudonyms, separated by commas."),
        required=False,
    )

    class Meta(GroupSettingsForm.Meta):
        fields = ["name", "slug", *GroupSettingsForm.Meta.fields[1:]]

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This address is reserved. Please choose another."))
        return slug

    def clean_facilitators(self):
        return _users_by_pseudonym(self.cleaned_data.get("facilitators", ""))


class FacilitatorsForm(forms.Form):
    facilitators = forms.CharField(
        label=_("Facilitators"), help_text=_("Pseudonyms, separated by commas.")
    )

    def clean_facilitators(self):
        return _users_by_pseudonym(self.cleaned_data["facilitators"])


class SearchForm(LimitsShownMixin, forms.Form):
    q = forms.CharField(label=_("Search your groups"), max_length=200, required=False)
