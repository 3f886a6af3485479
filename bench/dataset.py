"""The parts of the bench data set that belong to other apps' models (forum, articles).

Seeding lives with the bench harness (the wiring layer), which may reach every app.
"""

import io
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from community.sanitize import render_markdown
from content.demo import SEEDS_DIR
from content.models import ArticlePage
from groups.forum_models import Post, Reaction, Thread

POST_BODY = (
    "Thank you for sharing this. I recognise so much of what you describe: the checking, the "
    "replaying of conversations, the way a small delay in a reply can feel like the floor is "
    "moving. What has helped me is naming it when it happens, out loud, and then doing one "
    "ordinary thing: making tea, walking round the block. It does not fix anything, but it "
    "reminds me that I am here, now, and that I can choose what comes next.\n\n"
    "We are all at different points. Be gentle with yourself this week."
)


def seed_thread(*, group, authors, posts: int) -> str | None:
    """A thread in ``group``: an opening post and replies, ``posts`` in all, by ``authors``.

    Posts are written in bulk with the HTML the sanitizer renders (once: the body is the same),
    and about a third of them carry reactions, as a lively thread would.
    """
    body_html = render_markdown(POST_BODY)
    start = timezone.now() - timedelta(days=10)
    thread = Thread.objects.create(
        group=group,
        author=authors[0],
        title="What helps in the evenings?",
        created_at=start,
        last_post_at=start + timedelta(minutes=posts),
    )
    Post.objects.bulk_create(
        Post(
            thread=thread,
            author=authors[index % len(authors)],
            is_opening=index == 0,
            body=POST_BODY,
            body_html=body_html,
            created_at=start + timedelta(minutes=index),
        )
        for index in range(posts)
    )
    post_ids = list(thread.posts.order_by("id").values_list("id", flat=True))
    kinds = [kind for kind, _label in Reaction.Kind.choices]
    Reaction.objects.bulk_create(
        Reaction(post_id=post_id, user=authors[(offset + 1) % len(authors)], kind=kind)
        for offset, post_id in enumerate(post_ids)
        if offset % 3 == 0
        for kind in kinds[: 1 + (offset // 3) % len(kinds)]
    )
    Thread.objects.filter(pk=thread.pk).update(last_post_pk=post_ids[-1])
    return thread.get_absolute_url()


def seed_articles(*, count: int) -> list[str]:
    """The guide articles (the seed guides, imported and published); returns their URLs.

    Imported through the content app's own ``import_articles`` command, which is idempotent,
    so the article pages are exactly what a fresh site shows.
    """
    if count:
        call_command("import_articles", str(SEEDS_DIR), "--publish", stdout=io.StringIO())
    pages = ArticlePage.objects.live().public().filter(locale__language_code="en").order_by("pk")
    return [page.get_url() for page in pages[:count]]


def reset_articles() -> None:
    """Articles are imported idempotently, so nothing needs removing between runs."""
