"""StreamField blocks for guide articles.

Each block renders with its own template under ``templates/content/blocks/`` so headings sit in
order (the article title is the page's only ``h1``; blocks use ``h2``). Rich text is limited to
a few features: guides are read by people under strain, and plain, calm text reads best.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        template = "content/blocks/paragraph.html"


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("Heading")
        template = "content/blocks/heading.html"


class StepBlock(blocks.StructBlock):
    """One numbered step; consecutive steps render as a single ordered list."""

    heading = blocks.CharBlock(label=_("Heading"), max_length=200)
    body = blocks.RichTextBlock(label=_("Body"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "list-ol"
        label = _("Numbered step")
        template = "content/blocks/step.html"


class CalloutBlock(blocks.StructBlock):
    KINDS = [("tip", _("Tip")), ("note", _("Note")), ("care", _("Take care"))]

    kind = blocks.ChoiceBlock(label=_("Kind"), choices=KINDS, default="tip")
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=120)
    text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "help"
        label = _("Tip or callout")
        template = "content/blocks/callout.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "content/blocks/quote.html"


class QuestionAnswerBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=300)
    answer = blocks.RichTextBlock(label=_("Answer"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "help"
        label = _("Question and answer")
        template = "content/blocks/question_answer.html"


class RelatedGroupsBlock(blocks.StructBlock):
    """Support groups on a topic, each with a way to join; the article's tags when empty."""

    heading = blocks.CharBlock(
        label=_("Heading"), required=False, max_length=120, default=_("Groups on this topic")
    )
    topic = blocks.CharBlock(
        label=_("Topic tag"),
        required=False,
        max_length=100,
        help_text=_("A tag slug, such as 'trust'. Leave empty to use this article's tags."),
    )

    def get_context(self, value, parent_context=None):
        from .selectors import groups_for_topics

        context = super().get_context(value, parent_context=parent_context)
        page = (parent_context or {}).get("page")
        topic = (value.get("topic") or "").strip()
        if topic:
            slugs = [topic]
        elif page is not None and hasattr(page, "tag_slugs"):
            slugs = page.tag_slugs()
        else:
            slugs = []
        context["groups"] = groups_for_topics(slugs=slugs)
        return context

    class Meta:
        icon = "group"
        label = _("Related support groups")
        template = "content/blocks/related_groups.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    heading = HeadingBlock()
    step = StepBlock()
    callout = CalloutBlock()
    quote = QuoteBlock()
    question_answer = QuestionAnswerBlock()
    related_groups = RelatedGroupsBlock()
