"""Writes for the content hub: the page tree, imported guides, translations, the editorial
workflow and the crisis directory.

These run from management commands and the demo seeder; editors otherwise work in the
Wagtail admin, whose own permission checks and workflow apply. ``user`` is the acting
editor (``None`` for a system job) and is recorded on revisions and workflow states.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from .importer import ParsedArticle
from .models import ArticlePage, GuideIndexPage, HomePage

SITE_LANGUAGES = ("en", "es", "ru")
EDITORS_GROUP = "Editors"
REVIEWERS_GROUP = "Reviewers"
REVIEW_TASK_NAME = "Reviewer approval"
REVIEW_WORKFLOW_NAME = "Guide review"

#: Titles of the fixed pages in each content language (translated by hand, not by gettext,
#: because they are stored page content).
TREE_TEXT = {
    "en": {
        "home": "Rebuilding Trust",
        "intro": (
            "<p>Calm, practical guides and small, moderated support groups for people "
            "rebuilding trust after betrayal, infidelity or sexual trauma. Go at your own "
            "pace; you are welcome here.</p>"
        ),
        "banner_title": "Need to talk to someone now?",
        "banner_text": "Free, confidential helplines are there for you, day and night.",
        "guides": "Guides",
        "guides_intro": (
            "<p>Guides written with care and checked by reviewers. Read one at a time, "
            "and take a break whenever you need to.</p>"
        ),
    },
    "es": {
        "home": "Reconstruir la confianza",
        "intro": (
            "<p>Guías serenas y prácticas, y pequeños grupos de apoyo moderados, para "
            "personas que reconstruyen la confianza tras una traición, una infidelidad o un "
            "trauma sexual. Avanza a tu ritmo; aquí eres bienvenida y bienvenido.</p>"
        ),
        "banner_title": "¿Necesitas hablar con alguien ahora?",
        "banner_text": (
            "Hay líneas de ayuda gratuitas y confidenciales disponibles para ti, de día y de noche."
        ),
        "guides": "Guías",
        "guides_intro": (
            "<p>Guías escritas con cuidado y revisadas. Lee una cada vez y tómate un "
            "descanso siempre que lo necesites.</p>"
        ),
    },
    "ru": {
        "home": "Восстановление доверия",
        "intro": (
            "<p>Спокойные практические руководства и небольшие группы поддержки с модерацией "
            "для тех, кто восстанавливает доверие после предательства, измены или "
            "сексуальной травмы. Двигайтесь в своём темпе — вам здесь рады.</p>"
        ),
        "banner_title": "Нужно поговорить с кем-то прямо сейчас?",
        "banner_text": ("Бесплатные конфиденциальные линии помощи работают для вас днём и ночью."),
        "guides": "Руководства",
        "guides_intro": (
            "<p>Руководства, написанные бережно и проверенные рецензентами. Читайте по одному "
            "и делайте перерыв, когда это нужно.</p>"
        ),
    },
}


@dataclass
class ImportOutcome:
    action: str  # "created", "updated", "unchanged"
    page: ArticlePage | None
    title: str
    slug: str


# --- locales and the page tree ------------------------------------------------------------


def locales_ensure() -> dict[str, Locale]:
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code in SITE_LANGUAGES}


def _publish(page: Page, *, user=None) -> None:
    page.save_revision(user=user, log_action=True).publish(user=user)


@transaction.atomic
def site_tree_ensure(*, user=None) -> tuple[HomePage, GuideIndexPage]:
    """Root → HomePage → GuideIndexPage at ``/guides/`` in the default language; idempotent.

    Wagtail's "Welcome" placeholder page is replaced by the HomePage, and the default Site
    points at it.
    """
    locales_ensure()
    default_locale = Locale.get_default()
    root = Page.get_first_root_node()
    site = Site.objects.filter(is_default_site=True).first()
    home = HomePage.objects.filter(locale=default_locale, depth=2).first()
    if home is None:
        placeholder = (
            Page.objects.child_of(root)
            .filter(slug="home", content_type__app_label="wagtailcore")
            .first()
        )
        if placeholder is not None and not placeholder.get_children().exists():
            if site is not None and site.root_page_id == placeholder.pk:
                site.root_page = root
                site.save()
            placeholder.delete()
        text = TREE_TEXT["en"]
        home = HomePage(
            title=text["home"],
            slug="home",
            locale=default_locale,
            intro=text["intro"],
            help_banner_title=text["banner_title"],
            help_banner_text=text["banner_text"],
        )
        root.add_child(instance=home)
        _publish(home, user=user)
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True,
            site_name=TREE_TEXT["en"]["home"],
        )  # fmt: skip
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()

    guides = GuideIndexPage.objects.child_of(home).first()
    if guides is None:
        guides = GuideIndexPage(
            title=TREE_TEXT["en"]["guides"],
            slug="guides",
            locale=default_locale,
            intro=TREE_TEXT["en"]["guides_intro"],
        )
        home.add_child(instance=guides)
        _publish(guides, user=user)
    return home, guides


@transaction.atomic
def translated_tree_ensure(
    *, home: HomePage, guides: GuideIndexPage, locale: Locale, user=None
) -> tuple[HomePage, GuideIndexPage]:
    """The home page and guide index in ``locale``, published with their translated titles."""
    text = TREE_TEXT.get(locale.language_code, TREE_TEXT["en"])
    home_tr = home.get_translation_or_none(locale)
    if home_tr is None:
        home_tr = home.copy_for_translation(locale)
        home_tr.title = text["home"]
        home_tr.intro = text["intro"]
        home_tr.help_banner_title = text["banner_title"]
        home_tr.help_banner_text = text["banner_text"]
        _publish(home_tr, user=user)
    guides_tr = guides.get_translation_or_none(locale)
    if guides_tr is None:
        guides_tr = guides.copy_for_translation(locale)
        guides_tr.title = text["guides"]
        guides_tr.slug = "guides"
        guides_tr.intro = text["guides_intro"]
        _publish(guides_tr, user=user)
    return home_tr.specific, guides_tr.specific


# --- importing guides ----------------------------------------------------------------------


def _body_value(parsed: ParsedArticle):
    raw = [{"type": block_type, "value": value} for block_type, value in parsed.blocks]
    return ArticlePage.body.field.stream_block.to_python(raw)


def find_imported_article(*, parsed: ParsedArticle, index: GuideIndexPage) -> ArticlePage | None:
    """The article a file was imported into before: same source file, else same slug."""
    siblings = ArticlePage.objects.child_of(index)
    if parsed.source_name:
        found = siblings.filter(import_source=parsed.source_name).first()
        if found is not None:
            return found
    return siblings.filter(slug=parsed.slug).first()


def _apply(page: ArticlePage, parsed: ParsedArticle, tags: list[str]) -> None:
    page.title = parsed.title
    page.summary = parsed.summary
    page.reading_time = parsed.reading_time
    page.body = _body_value(parsed)
    page.import_source = parsed.source_name
    page.import_hash = parsed.source_hash
    page.tags.set(tags)


def plan_article_import(*, parsed: ParsedArticle, index: GuideIndexPage, publish: bool) -> str:
    """What ``article_import`` would do: "create", "update" or "unchanged" (no writes)."""
    existing = find_imported_article(parsed=parsed, index=index)
    if existing is None:
        return "create"
    latest = existing.get_latest_revision_as_object()
    if latest.import_hash == parsed.source_hash and (existing.live or not publish):
        return "unchanged"
    return "update"


@transaction.atomic
def article_import(
    *,
    parsed: ParsedArticle,
    index: GuideIndexPage,
    publish: bool,
    user=None,
    extra_tags: list[str] | None = None,
) -> ImportOutcome:
    """Create or update the guide for ``parsed`` under ``index``; never a duplicate.

    A re-import of an unchanged file does nothing; a changed file becomes a new revision of
    the same page (published only with ``publish``). The slug of an existing page is kept
    so its address does not change.
    """
    tags = list(dict.fromkeys([*parsed.tags, *(extra_tags or [])]))
    plan = plan_article_import(parsed=parsed, index=index, publish=publish)
    existing = find_imported_article(parsed=parsed, index=index)
    if plan == "unchanged":
        return ImportOutcome("unchanged", existing, existing.title, existing.slug)
    if existing is None:
        page = ArticlePage(slug=parsed.slug, locale=index.locale, live=False)
        _apply(page, parsed, tags)
        index.add_child(instance=page)
        action = "created"
    else:
        page = existing.get_latest_revision_as_object()
        _apply(page, parsed, tags)
        action = "updated"
    revision = page.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
    return ImportOutcome(action, page, page.title, page.slug)


@transaction.atomic
def article_translation_import(
    *,
    parsed: ParsedArticle,
    source: ArticlePage,
    locale: Locale,
    user=None,
    submit_for_review: bool = True,
) -> ImportOutcome:
    """The translation of ``source`` into ``locale`` from a translated text file.

    It is saved as a draft revision linked by ``translation_key`` and, with
    ``submit_for_review``, submitted to the guide workflow so a reviewer approves it before
    it is published. Unchanged files are left alone.
    """
    existing = source.get_translation_or_none(locale)
    if existing is not None:
        latest = existing.get_latest_revision_as_object()
        if latest.import_hash == parsed.source_hash:
            return ImportOutcome("unchanged", existing, latest.title, latest.slug)
        page = latest
        action = "updated"
    else:
        page = source.copy_for_translation(locale).specific
        page.slug = parsed.slug
        action = "created"
    _apply(page, parsed, source.tag_slugs() or parsed.tags)
    if action == "created":
        page.save()  # a draft: the row may carry the translated title and slug
    page.save_revision(user=user, log_action=True)
    if submit_for_review:
        page = ArticlePage.objects.get(pk=page.pk)
        workflow = page.get_workflow()
        if workflow is not None and not page.workflow_in_progress:
            workflow.start(page, user)
    return ImportOutcome(action, page, parsed.title, page.slug)


# --- the editorial workflow ----------------------------------------------------------------


def _page_permissions(*codenames: str) -> list[Permission]:
    return list(
        Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=codenames)
    )


@transaction.atomic
def editorial_workflow_ensure() -> Workflow:
    """Editors write, Reviewers approve: a "Guide review" workflow on every guide index.

    Editors may add and edit guides and submit them; only Reviewers (through the workflow's
    group-approval task) publish. Both may edit crisis resources; Reviewers publish them.
    """
    admin_access = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    editors, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS_GROUP)
    snippet_perms = Permission.objects.filter(
        content_type__app_label="content",
        codename__in=["add_crisisresource", "change_crisisresource"],
    )
    publish_snippet = Permission.objects.filter(
        content_type__app_label="content", codename="publish_crisisresource"
    )
    translation_perm = Permission.objects.filter(
        content_type__app_label="simple_translation", codename="submit_translation"
    )
    editors.permissions.add(admin_access, *snippet_perms, *translation_perm)
    reviewers.permissions.add(admin_access, *snippet_perms, *publish_snippet, *translation_perm)

    task = GroupApprovalTask.objects.filter(name=REVIEW_TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=REVIEW_TASK_NAME)
    task.groups.add(reviewers)
    workflow, _ = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    editor_perms = _page_permissions("add_page", "change_page")
    reviewer_perms = _page_permissions("add_page", "change_page", "publish_page")
    for index in GuideIndexPage.objects.all():
        WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
        for group, perms in ((editors, editor_perms), (reviewers, reviewer_perms)):
            for permission in perms:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=index, permission=permission
                )
    return workflow
