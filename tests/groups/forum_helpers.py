"""Small builders for forum tests (through the services, as members would)."""

import uuid

from groups.forum_services import post_create, thread_create


def start_thread(*, author, group, title="A first thread", body="Hello, everyone.", **extra):
    return thread_create(author=author, group=group, title=title, body=body, **extra).post.thread


def reply_to(*, author, thread, body="Thank you for sharing.", **extra):
    extra.setdefault("submission_id", uuid.uuid4())
    return post_create(author=author, thread=thread, body=body, **extra).post
