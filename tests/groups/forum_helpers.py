"""Small builders for forum tests (through the services, as members would)."""

import uuid

from django.urls import reverse

from community.ratelimit import rate_limit_reset
from forum.services import post_create, thread_create


def start_thread(*, author, group, title="A first thread", body="Hello, everyone.", **extra):
    # Tests build forums in bulk; the posting rate limit is tested on its own.
    rate_limit_reset(scope="thread", key=author.pk)
    return thread_create(author=author, group=group, title=title, body=body, **extra).post.thread


def reply_to(*, author, thread, body="Thank you for sharing.", **extra):
    extra.setdefault("submission_id", uuid.uuid4())
    rate_limit_reset(scope="post", key=author.pk)
    return post_create(author=author, thread=thread, body=body, **extra).post


def thread_url(thread) -> str:
    return reverse("groups:thread", args=[thread.group.slug, thread.pk])
