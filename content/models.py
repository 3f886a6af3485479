"""The content hub: Wagtail pages for the guides (the crisis directory: ``crisis_models``).

The page tree is constrained: Root → HomePage → GuideIndexPage (``/guides/``) → ArticlePage.
Article tags share taggit's Tag table with the support groups' topics, so an article finds the
groups on its topic by tag slug.
"""

import math
from urllib.parse import urlencode

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.rich_text import RichText
from wagtail.search import index

from .blocks import RICH_TEXT_FEATURES, ArticleBodyBlock

# The crisis directory's snippet lives in its own module; imported here so Django registers it.
from .crisis_models import (  # noqa: F401
    VERIFY_EVERY_DAYS,
    CrisisResource,
    CrisisResourcePhone,
    CrisisResourceSms,
    CrisisResourceWhatsApp,
)

GUIDES_PER_PAGE = 10
FEATURED_GUIDES = 3
FEATURED_GROUPS = 4
WORDS_PER_MINUTE = 200


def reading_minutes(word_count: int) -> int:
    return max(1, math.ceil(word_count / WORDS_PER_MINUTE))


def body_text(body) -> str:
    """The readable words of a StreamField body, without rendering it (no queries)."""
    parts: list[str] = []

    def collect(value):
        if isinstance(value, RichText):
            parts.append(strip_tags(value.source))
        elif isinstance(value, str):
            parts.append(value)
        elif isinstance(value, dict):  # StructValue
            for item in value.values():
                collect(item)

    for block in body:
        if block.block_type != "related_groups":
            collect(block.value)
    return " ".join(parts)


class HomePage(Page):
    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)
    help_banner_title = models.CharField(
        _("help banner title"), max_length=120, default=_("Need to talk to someone now?")
    )
    help_banner_text = models.TextField(
        _("help banner text"),
        max_length=500,
        default=_("Free, confidential helplines are there for you, day and night."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("help_banner_title"), FieldPanel("help_banner_text")],
            heading=_("Help banner"),
        ),
        InlinePanel("featured_guides", label=_("Featured guides"), max_num=6),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["content.GuideIndexPage"]
    max_count_per_parent = 3  # one per content language under the root

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        from .caching import route_cached

        return route_cached(self, request, path_components, route=super().route)

    def get_context(self, request, *args, **kwargs):
        from .selectors import featured_groups, featured_guides

        context = super().get_context(request, *args, **kwargs)
        context["featured_guides"] = featured_guides(home=self)
        context["featured_groups"] = featured_groups(limit=FEATURED_GROUPS)
        context["guide_index"] = GuideIndexPage.objects.live().child_of(self).first()
        return context


class HomePageFeaturedGuide(Orderable):
    home = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_guides")
    article = models.ForeignKey(
        "content.ArticlePage", on_delete=models.CASCADE, related_name="+", verbose_name=_("guide")
    )

    panels = [PageChooserPanel("article")]


class GuideIndexPage(Page):
    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["content.HomePage"]
    subpage_types = ["content.ArticlePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("guide index")

    def articles(self, *, tag: str | None = None):
        from .selectors import articles_in_index

        return articles_in_index(index=self, tag=tag)

    def get_context(self, request, *args, **kwargs):
        from .selectors import tags_in_index

        context = super().get_context(request, *args, **kwargs)
        tag = (request.GET.get("tag") or "").strip()[:100] or None
        paginator = Paginator(self.articles(tag=tag), GUIDES_PER_PAGE)
        page_number = request.GET.get("page") or 1
        try:
            articles = paginator.page(page_number)
        except PageNotAnInteger:
            articles = paginator.page(1)
        except EmptyPage:
            articles = paginator.page(paginator.num_pages)
        context.update(
            {
                "articles": articles,
                "tag": tag,
                "tags": tags_in_index(index=self),
                "page_query": urlencode({"tag": tag}) if tag else "",
            }
        )
        return context


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "content.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ArticlePage(Page):
    summary = models.TextField(_("summary"), max_length=500, blank=True)
    reading_time = models.PositiveSmallIntegerField(
        _("reading time (minutes)"),
        default=0,
        help_text=_("Leave at 0 to work it out from the text."),
    )
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True, verbose_name=_("tags"))
    reviewed_by = models.CharField(
        _("reviewed by"),
        max_length=200,
        blank=True,
        help_text=_("Who checked this guide, for example 'a couples therapist'."),
    )
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"), blank=True)
    import_source = models.CharField(
        _("imported from"),
        max_length=200,
        blank=True,
        editable=False,
        help_text=_("The plain-text file this guide was imported from."),
    )
    import_hash = models.CharField(max_length=64, blank=True, editable=False)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel(
            [
                FieldPanel("tags"),
                FieldPanel("reading_time"),
                FieldPanel("reviewed_by"),
                FieldPanel("last_reviewed"),
            ],
            heading=_("About this guide"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=1.5),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]

    parent_page_types = ["content.GuideIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("guide article")

    def word_count(self) -> int:
        return len(" ".join([self.title, self.summary, body_text(self.body)]).split())

    @property
    def minutes_to_read(self) -> int:
        return self.reading_time or reading_minutes(self.word_count())

    def tag_slugs(self) -> list[str]:
        return [tag.slug for tag in self.tags.all()]

    @cached_property
    def body_sections(self) -> list[dict]:
        """The body with consecutive steps gathered into one numbered list."""
        sections: list[dict] = []
        step_number = 0
        for block in self.body:
            if block.block_type == "step":
                step_number += 1
                item = {"number": step_number, "block": block}
                if sections and sections[-1]["type"] == "steps":
                    sections[-1]["items"].append(item)
                else:
                    sections.append({"type": "steps", "start": step_number, "items": [item]})
            else:
                sections.append({"type": "block", "block": block})
        return sections

    def has_related_groups_block(self) -> bool:
        return any(block.block_type == "related_groups" for block in self.body)

    def get_context(self, request, *args, **kwargs):
        from .caching import fragment_cache_context, remembered
        from .selectors import groups_for_topics

        context = super().get_context(request, *args, **kwargs)
        # A related-groups block in the body shows seats left: that body is never cached.
        has_groups_block = self.has_related_groups_block()
        context.update(fragment_cache_context(request, cacheable=not has_groups_block))
        if not has_groups_block:
            slugs = remembered("tag-slugs", self.pk, compute=self.tag_slugs)
            context["related_groups"] = groups_for_topics(slugs=slugs)
        return context
