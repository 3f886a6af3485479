from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from community.forms import LimitsShownMixin

from .hours import WEEKDAYS, Span, spans_of, time_zone_names
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


class FacilitatorHoursForm(forms.Form):
    """When a facilitator is normally around: a time zone and, per weekday, from and until.

    A day left empty has no facilitator hours. All days empty: the group does not say.
    """

    time_zone = forms.ChoiceField(label=_("The group's time zone"))

    def __init__(self, *args, group: SupportGroup | None = None, **kwargs):
        initial = kwargs.pop("initial", None) or {}
        if group is not None:
            initial.setdefault("time_zone", group.time_zone)
            for span in spans_of(group):
                initial.setdefault(f"day_{span.day}_start", span.start)
                initial.setdefault(f"day_{span.day}_end", span.end)
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["time_zone"].choices = [(name, name) for name in time_zone_names()]
        for day, label in WEEKDAYS:
            self.fields[f"day_{day}_start"] = forms.TimeField(
                label=_("%(day)s from") % {"day": label},
                required=False,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            )
            self.fields[f"day_{day}_end"] = forms.TimeField(
                label=_("%(day)s until") % {"day": label},
                required=False,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            )

    def day_fields(self):
        """(day name, from field, until field) for each weekday, for the template's table."""
        return [
            (label, self[f"day_{day}_start"], self[f"day_{day}_end"]) for day, label in WEEKDAYS
        ]

    def clean(self):
        data = super().clean()
        spans = []
        for day, label in WEEKDAYS:
            start, end = data.get(f"day_{day}_start"), data.get(f"day_{day}_end")
            if start is None and end is None:
                continue
            if start is None or end is None:
                self.add_error(
                    f"day_{day}_end" if start else f"day_{day}_start",
                    _("Please give both times for %(day)s, or neither.") % {"day": label},
                )
            elif start >= end:
                self.add_error(
                    f"day_{day}_end",
                    _("On %(day)s the end must come after the start (hours cannot cross midnight).")
                    % {"day": label},
                )
            else:
                spans.append(Span(day=day, start=start, end=end))
        data["hours"] = [span.as_data() for span in spans]
        return data


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


#: The mute lengths the console offers (minutes); the service holds the one upper limit.
MUTE_CHOICES = (
    (15, _("15 minutes")),
    (60, _("1 hour")),
    (60 * 24, _("1 day")),
    (60 * 24 * 7, _("7 days")),
)


class MemberActionForm(LimitsShownMixin, forms.Form):
    """The confirmation step of removing or muting a member: a reason is always asked for."""

    reason = forms.CharField(
        label=_("Reason (the member sees it, and it is kept in the audit log)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Please write a short reason.")},
    )


class MemberMuteForm(MemberActionForm):
    minutes = forms.TypedChoiceField(
        label=_("Mute for"), choices=MUTE_CHOICES, coerce=int, initial=60
    )

    field_order = ["minutes", "reason"]
