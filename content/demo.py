"""Demo content: the page tree in three languages, the seed guides, the editorial workflow
with demo Editors and Reviewers accounts, and the crisis directory. Idempotent.

The Spanish and Russian translations are published, so the demo's ``/es/`` and ``/ru/`` show
guides, and are also submitted to the "Guide review" workflow after publishing: the history
says plainly that no reviewer has approved them yet, and reviewers find them waiting.
"""

from pathlib import Path

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from .importer import ArticleFileError, parse_article, read_article_file
from .models import ArticlePage
from .services import (
    EDITORS_GROUP,
    REVIEWERS_GROUP,
    article_import,
    article_translation_import,
    editorial_workflow_ensure,
    locales_ensure,
    site_tree_ensure,
    translated_tree_ensure,
)

ORDER = 10
SEEDS_DIR = Path(__file__).resolve().parent / "seeds"

#: Topics for seeds that carry no "#tag" line, so each guide finds the groups on its topic.
SEED_TOPICS = {
    "000_c18b6887f4993f73": ["trust", "intimacy", "healing"],
    "001_547f64560d20bca7": ["trust", "infidelity", "healing"],
    "002_73ae9d0981936834": ["healing"],
}

#: A published demo secret (the demo moderator's too): never use it anywhere real.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105

DEMO_WAGTAIL_ACCOUNTS = [
    # (pseudonym, email, password, group)
    ("guide_editor", "editor@example.com", "demo-editor-2026", EDITORS_GROUP),
    ("guide_reviewer", "reviewer@example.com", "demo-reviewer-2026", REVIEWERS_GROUP),
]


def seed_files(language: str | None = None) -> list[Path]:
    folder = SEEDS_DIR / language if language else SEEDS_DIR
    return sorted(folder.glob("*.txt"))


def _account(*, pseudonym: str, email: str, password: str, group: Group):
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(username=pseudonym, email=email, password=password)
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    user.groups.add(group)
    # The Wagtail editor needs two-factor sign-in (community.accounts.middleware).
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
    return user


def _publish_awaiting_review(page, *, editor) -> None:
    """Publish the latest revision, then (in that order, since publishing ends a workflow in
    progress) submit it for review, so the page is live and still waits for a reviewer."""
    page = ArticlePage.objects.get(pk=page.pk)
    latest = page.get_latest_revision()
    if latest is not None and (not page.live or page.live_revision_id != latest.pk):
        latest.publish(user=None, log_action=True)
        page = ArticlePage.objects.get(pk=page.pk)
    workflow = page.get_workflow()
    if workflow is not None and not page.workflow_in_progress:
        workflow.start(page, editor)


def seed(*, users, stdout) -> None:
    locales = locales_ensure()
    home, guides = site_tree_ensure()
    for code in ("es", "ru"):
        translated_tree_ensure(home=home, guides=guides, locale=locales[code])
    editorial_workflow_ensure()

    editor = reviewer = None
    for pseudonym, email, password, group_name in DEMO_WAGTAIL_ACCOUNTS:
        group = Group.objects.get(name=group_name)
        account = _account(pseudonym=pseudonym, email=email, password=password, group=group)
        users.passwords[email] = password
        if group_name == EDITORS_GROUP:
            editor = account
        else:
            reviewer = account
    stdout.write(
        "  demo editor and reviewer two-factor (the Wagtail editor asks for a code): "
        f"add secret {DEMO_TOTP_SECRET} to an authenticator app"
    )

    for path in seed_files():
        parsed = parse_article(read_article_file(path), source_name=path.stem)
        outcome = article_import(
            parsed=parsed,
            index=guides,
            publish=True,
            user=reviewer,
            extra_tags=SEED_TOPICS.get(path.stem, []),
        )
        stdout.write(f"    guide {outcome.action}: {outcome.title}")

    for code in ("es", "ru"):
        for path in seed_files(code):
            source = ArticlePage.objects.filter(
                locale__language_code="en", import_source=path.stem
            ).first()
            if source is None:
                continue
            try:
                parsed = parse_article(read_article_file(path), source_name=path.stem)
            except ArticleFileError as error:
                stdout.write(f"    skipped {error}")
                continue
            outcome = article_translation_import(
                parsed=parsed,
                source=source,
                locale=locales[code],
                user=editor,
                submit_for_review=False,
            )
            _publish_awaiting_review(outcome.page, editor=editor)
            stdout.write(f"    {code} translation {outcome.action} (published, awaiting review)")

    call_command("load_crisis_resources", stdout=stdout)
