"""Forms for the forum: a thread, a reply, an edit. Services check everything again."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from community.forms import LimitsShownMixin
from groups.forum_models import BODY_MAX_LENGTH, TITLE_MAX_LENGTH, ContentWarning
from groups.models import SupportGroup

BODY_ERRORS = {
    "required": _("Please write something before posting."),
    "max_length": _("Posts can be up to 20,000 characters (this one has %(show_value)d)."),
}


def _warning_field():
    return forms.ChoiceField(
        label=_("Content warning (optional)"),
        required=False,
        choices=[("", _("No content warning")), *ContentWarning.choices],
        help_text=_("Others will see only the warning until they choose to open your post."),
    )


class PostForm(LimitsShownMixin, forms.Form):
    """A reply. ``submission_id`` makes a double submit create one post."""

    body = forms.CharField(
        label=_("Your reply"),
        max_length=BODY_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages=BODY_ERRORS,
        help_text=_("Markdown works: **bold**, *italic*, > quote, lists and links."),
    )
    content_warning = _warning_field()
    anonymous = forms.BooleanField(
        label=_("Post as 'a member' (facilitators still see who wrote it)"), required=False
    )
    submission_id = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def __init__(self, *args, group: SupportGroup, **kwargs):
        super().__init__(*args, **kwargs)
        if not group.allow_anonymous_posts:
            del self.fields["anonymous"]


class ThreadForm(PostForm):
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX_LENGTH,
        error_messages={
            "required": _("Please give your thread a title."),
            "max_length": _("Titles can be up to 200 characters (this one has %(show_value)d)."),
        },
    )
    field_order = ["title", "body", "content_warning", "anonymous"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].label = _("Your message")


class PostEditForm(LimitsShownMixin, forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages=BODY_ERRORS,
    )
    content_warning = _warning_field()
