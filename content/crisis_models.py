"""The crisis directory: one Wagtail snippet per service, with drafts, revisions and publishing.

Numbers are structured (what to dial apart from how it is written), so every link members tap
is a valid ``tel:``/``sms:`` link. ``notes_for_editors``, ``sources`` and ``confidence`` are
for editors alone: the member-facing data (``crisis_selectors``) never includes them.
``last_verified`` empty means nobody has confirmed the entry with the service yet.
"""

from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import DraftStateMixin, Orderable, RevisionMixin

from .crisis_data import COUNTRY_CODE, DIAL, SMS_KEYWORD, SMS_NUMBER, WHATSAPP_NUMBER

VERIFY_EVERY_DAYS = 180
CONFIDENCE_SHORT = {"high": _("High"), "medium": _("Medium"), "low": _("Low")}


class CrisisResourceForm(WagtailAdminModelForm):
    """Editors tick further kinds instead of typing JSON."""

    other_kinds = forms.MultipleChoiceField(
        label=_("also covers"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other_kinds"].choices = CrisisResource.Kind.choices


class CrisisResource(DraftStateMixin, RevisionMixin, ClusterableModel):
    """One helpline or directory (``INTL``) as members see it, plus what editors need."""

    class Kind(models.TextChoices):
        SUICIDE = "suicide", _("Suicide and emotional crisis")
        SEXUAL_ASSAULT = "sexual_assault", _("Sexual assault")
        DOMESTIC_ABUSE = "domestic_abuse", _("Domestic abuse")
        GENERAL = "general", _("General support")
        LGBTQ = "lgbtq", _("LGBTQ+ support")
        YOUTH = "youth", _("Young people")

    class Confidence(models.TextChoices):
        HIGH = "high", _("High: the service's own site or a government page")
        MEDIUM = "medium", _("Medium: reputable secondary sources only")
        LOW = "low", _("Low: confirm with the service before publishing")

    INTERNATIONAL = "INTL"

    source_id = models.SlugField(
        _("import id"),
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text=_(
            "The entry's id in the directory file ('us-988-lifeline'). Re-running the import "
            "updates only what editors have not changed. Empty for entries added here."
        ),
    )
    country_code = models.CharField(
        _("country code"),
        max_length=4,
        db_index=True,
        help_text=_("ISO 3166 two-letter code, or INTL for an international directory."),
    )
    country = models.CharField(_("country or area"), max_length=100, blank=True)
    region = models.CharField(
        _("region"),
        max_length=100,
        blank=True,
        help_text=_("Part of the country the service is limited to; empty when nationwide."),
    )
    name = models.CharField(
        _("name"), max_length=300, help_text=_("The service's own name, in its own language.")
    )
    name_en = models.CharField(
        _("English name"),
        max_length=300,
        blank=True,
        help_text=_("Only when the name is not English; shown to members reading in English."),
    )
    kind = models.CharField(_("main purpose"), max_length=20, choices=Kind.choices)
    other_kinds = models.JSONField(_("also covers"), default=list, blank=True)
    description = models.TextField(_("description"), blank=True)
    eligibility = models.CharField(
        _("who it is for"),
        max_length=300,
        blank=True,
        help_text=_("In plain words, e.g. 'Ages 16+'; empty when open to anyone."),
    )
    chat_url = models.URLField(_("web chat link"), blank=True)
    url = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    hours = models.CharField(
        _("hours"),
        max_length=200,
        blank=True,
        help_text=_("Local time, e.g. '24/7' or 'Mon–Fri 10:00–19:00'; empty when unknown."),
    )
    languages = models.CharField(
        _("languages"),
        max_length=300,
        blank=True,
        help_text=_("Language names in English, separated by commas: 'English, Spanish'."),
    )
    interpreters = models.BooleanField(_("can add interpreters"), null=True, blank=True)
    free = models.BooleanField(
        _("free to call or text"),
        null=True,
        blank=True,
        help_text=_("Empty when unknown or mixed; then say it in each number's label."),
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"),
        default=100,
        help_text=_(
            "Lower numbers are listed first among services of the same urgency (24/7 suicide "
            "and general crisis lines with a number always come first)."
        ),
    )
    notes_for_editors = models.TextField(
        _("notes for editors"),
        blank=True,
        help_text=_("Anything uncertain or historical. Never shown to members."),
    )
    sources = models.TextField(
        _("sources"), blank=True, help_text=_("Pages the details came from, one per line.")
    )
    confidence = models.CharField(
        _("confidence"),
        max_length=10,
        choices=Confidence.choices,
        default=Confidence.MEDIUM,
        help_text=_("How well the sources support the entry. Never shown to members."),
    )
    last_verified = models.DateField(
        _("verified on"),
        null=True,
        blank=True,
        help_text=_("When an editor last confirmed these details with the service."),
    )
    imported = models.JSONField(
        _("as last imported"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The file's version of this entry, to tell editors' changes apart."),
    )

    base_form_class = CrisisResourceForm

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("country_code"), FieldPanel("country")]),
                FieldPanel("region"),
                FieldPanel("name"),
                FieldPanel("name_en"),
                FieldRowPanel([FieldPanel("kind"), FieldPanel("priority")]),
                FieldPanel("other_kinds"),
                FieldPanel("description"),
                FieldPanel("eligibility"),
            ],
            heading=_("The service"),
        ),
        MultiFieldPanel(
            [
                InlinePanel("phones", label=_("phone number")),
                InlinePanel("sms_numbers", label=_("text number")),
                InlinePanel("whatsapp_numbers", label=_("WhatsApp number")),
                FieldPanel("chat_url"),
                FieldPanel("url"),
                FieldPanel("email"),
            ],
            heading=_("How to reach it"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("hours"),
                FieldPanel("languages"),
                FieldRowPanel([FieldPanel("free"), FieldPanel("interpreters")]),
            ],
            heading=_("When and in which languages"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("last_verified"),
                FieldPanel("confidence"),
                FieldPanel("notes_for_editors"),
                FieldPanel("sources"),
                FieldPanel("source_id", read_only=True),
            ],
            heading=_("For editors (never shown to members)"),
        ),
    ]

    class Meta:
        ordering = ["country_code", "priority", "name"]
        verbose_name = _("crisis resource")
        verbose_name_plural = _("crisis resources")

    def __str__(self) -> str:
        return f"{self.name} ({self.country_code})"

    def clean(self) -> None:
        super().clean()
        self.country_code = (self.country_code or "").strip().upper()
        if not COUNTRY_CODE.fullmatch(self.country_code):
            raise ValidationError(
                {"country_code": _("Use a two-letter country code such as GB, or INTL.")}
            )
        kinds = {choice for choice, _label in self.Kind.choices}
        if not isinstance(self.other_kinds, list) or not set(self.other_kinds) <= kinds:
            raise ValidationError({"other_kinds": _("Choose kinds from the list.")})
        self.other_kinds = [kind for kind in self.other_kinds if kind != self.kind]

    @property
    def confidence_short(self) -> str:
        return str(CONFIDENCE_SHORT.get(self.confidence, self.confidence))

    @property
    def needs_verification(self) -> bool:
        if self.last_verified is None:
            return True
        return self.last_verified < timezone.localdate() - timedelta(days=VERIFY_EVERY_DAYS)


class CrisisResourcePhone(Orderable):
    resource = ParentalKey(CrisisResource, on_delete=models.CASCADE, related_name="phones")
    dial = models.CharField(
        _("number to dial"),
        max_length=16,
        validators=[
            RegexValidator(
                f"^{DIAL.pattern}$",
                _("Digits only, with an optional leading +, * or # (no spaces or words)."),
            )
        ],
        help_text=_("What the phone dials, e.g. +442079460000, 988 or *4141."),
    )
    display = models.CharField(
        _("as written"), max_length=100, help_text=_("How people write it, e.g. 116 123.")
    )
    label = models.CharField(
        _("label"), max_length=200, blank=True, help_text=_("Short note, e.g. 'TTY' or 'free'.")
    )

    panels = [FieldRowPanel([FieldPanel("dial"), FieldPanel("display")]), FieldPanel("label")]


class CrisisResourceSms(Orderable):
    resource = ParentalKey(CrisisResource, on_delete=models.CASCADE, related_name="sms_numbers")
    number = models.CharField(
        _("number to text"),
        max_length=15,
        validators=[RegexValidator(f"^{SMS_NUMBER.pattern}$", _("Digits only (3 to 15)."))],
    )
    keyword = models.CharField(
        _("keyword"),
        max_length=30,
        blank=True,
        validators=[RegexValidator(f"^{SMS_KEYWORD.pattern}$", _("One word, letters and digits."))],
        help_text=_("The word to send, e.g. SHOUT; empty when any message works."),
    )
    display = models.CharField(
        _("as written"), max_length=100, help_text=_("e.g. 'Text SHOUT to 85258'.")
    )

    panels = [FieldRowPanel([FieldPanel("number"), FieldPanel("keyword")]), FieldPanel("display")]


class CrisisResourceWhatsApp(Orderable):
    resource = ParentalKey(
        CrisisResource, on_delete=models.CASCADE, related_name="whatsapp_numbers"
    )
    number = models.CharField(
        _("WhatsApp number"),
        max_length=16,
        validators=[
            RegexValidator(
                f"^{WHATSAPP_NUMBER.pattern}$",
                _("International form: + and 8 to 15 digits, no spaces."),
            )
        ],
    )
    display = models.CharField(_("as written"), max_length=100, blank=True)

    panels = [FieldRowPanel([FieldPanel("number"), FieldPanel("display")])]
