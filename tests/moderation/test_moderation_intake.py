"""The one intake for member text: every surface that stores member text runs the screening
pipeline in order (watched words, store, queue, crisis alert), and none can skip it."""

import uuid

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from chat.errors import ChatError
from chat.models import ChatMessage
from chat.selectors import chat_access_for, main_room_for
from chat.services import message_edit, message_post
from community import crisis_screen
from forum.services import post_create, post_edit, thread_create
from groups.forum_models import Post, Thread
from moderation.intake import SURFACES, UNSCREENED_MEMBER_TEXT
from moderation.models import QueueItem, SafetyAlert
from moderation.services import watched_word_create

CRISIS = "I want to end my life tonight"

# Text the site or the staff tooling writes, never a member: labels, tokens, renderings.
SYSTEM_TEXT = {
    # Written by the site, never by a member.
    "groups.SupportGroup.time_zone",
    "moderation.SafetyAlert.category",
    "moderation.SafetyAlert.place",
    "moderation.SafetyAlertMessage.category",
    "moderation.SafetyAlertMessage.source_id",
    "moderation.SafetyAlertMessage.source_url",
    "notifications.Notification.stored_text",
    "accounts.User.password",
    "accounts.User.first_name",
    "accounts.User.last_name",
    "accounts.User.username",
    "accounts.User.email",
    "accounts.User.country",
    "accounts.User.time_zone",  # chosen from the list of zones (or the browser's), validated
    "accounts.MemberSession.session_key",
    "accounts.MemberSession.session_data",
    "groups.SupportGroup.slug",
    "groups.GroupInvite.token",
    "groups.PostRevision.body_html",
    "chat.ChatMessage.client_id",
    "chat.ChatMessage.html",
    "chat.ChatConnection.channel_name",
    "moderation.AuditEntry.actor_name",
    "moderation.AuditEntry.action",
    "moderation.AuditEntry.target_type",
    "moderation.AuditEntry.target_id",
    "moderation.AuditEntry.target_label",
    "moderation.AuditEntry.group_name",
    "moderation.SafetyAlert.subject_name",
    "moderation.SafetyAlert.source_id",
    "moderation.SafetyAlert.source_url",
    "moderation.SafetyAlert.categories",
    "moderation.QueueItem.target_label",
    "moderation.QueueItem.watched_rule_ids",
    "moderation.QueueItem.resolution",
    "notifications.Notification.text",
    "notifications.Notification.url",
}
MEMBER_APPS = {"accounts", "groups", "chat", "moderation", "notifications"}


def _text_fields() -> set[str]:
    found = set()
    for model in apps.get_models():
        if model._meta.app_label not in MEMBER_APPS:
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.CharField | models.TextField) and field.editable:
                if not field.choices:
                    found.add(f"{model._meta.label}.{field.name}")
    return found


def test_every_field_of_member_text_is_screened_or_named_with_its_reason():
    screened = {name for surface in SURFACES.values() for name in surface.fields}

    unplaced = _text_fields() - screened - set(UNSCREENED_MEMBER_TEXT) - SYSTEM_TEXT

    assert unplaced == set(), "add it to a surface of moderation.intake, or say why not"
    assert not screened & set(UNSCREENED_MEMBER_TEXT)
    assert all(reason.strip() for reason in UNSCREENED_MEMBER_TEXT.values())


# --- each surface, driven through its real service ------------------------------------------


def _chat(member, group):
    return {
        "author": member,
        "access": chat_access_for(user=member, group=group),
        "room": main_room_for(group),
    }


def write_thread(member, group, text):
    return thread_create(author=member, group=group, title="Tonight", body=text).post


def write_post(member, group, text):
    thread = thread_create(author=member, group=group, title="Evenings", body="Hello.").post.thread
    return post_create(author=member, thread=thread, body=text).post


def write_post_edit(member, group, text):
    post = thread_create(author=member, group=group, title="Evenings", body="Hello.").post
    post_edit(editor=member, post=post, body=text)
    return Post.objects.get(pk=post.pk)


def write_chat_message(member, group, text):
    message_post(**_chat(member, group), body=text, client_id=str(uuid.uuid4()))
    return ChatMessage.objects.filter(author=member).order_by("-seq").first()


def write_chat_edit(member, group, text):
    message_post(**_chat(member, group), body="hello", client_id=str(uuid.uuid4()))
    message_edit(**_chat(member, group), seq=1, body=text)
    return ChatMessage.objects.get(author=member, seq=1)


WRITERS = {
    "thread": write_thread,
    "post": write_post,
    "post_edit": write_post_edit,
    "chat_message": write_chat_message,
    "chat_edit": write_chat_edit,
}


def test_the_tests_drive_every_surface_of_the_intake():
    assert set(WRITERS) == set(SURFACES)


def _stored_texts() -> list[str]:
    return [
        *Post.objects.values_list("body", flat=True),
        *Thread.objects.values_list("title", flat=True),
        *ChatMessage.objects.values_list("body", flat=True),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("surface", sorted(WRITERS))
def test_a_blocked_word_is_refused_before_anything_is_stored(surface, moderator, group, member):
    watched_word_create(actor=moderator, text="scamlink", kind="word", action="block")

    with pytest.raises((ValidationError, ChatError)):
        WRITERS[surface](member, group, "visit scamlink now")

    assert not any("scamlink" in text for text in _stored_texts())
    assert not QueueItem.objects.exists()
    assert not SafetyAlert.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("surface", sorted(WRITERS))
def test_stored_text_is_queued_and_checked_for_crisis_on_every_surface(
    surface, moderator, group, member
):
    watched_word_create(actor=moderator, text="pills", kind="word", action="flag")

    stored = WRITERS[surface](member, group, f"{CRISIS}, I have the pills")

    item = QueueItem.objects.get()
    alert = SafetyAlert.objects.get()
    assert item.object_id == stored.pk  # queued after the store, about the stored row
    assert alert.subject == member and alert.source_id == str(stored.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("surface", ["post", "chat_message"])
def test_a_detector_that_reads_context_gets_the_writers_recent_words_nearby(
    surface, monkeypatch, group, member
):
    seen = []
    real_assess = crisis_screen.assess

    def detector(text, *, lang=None, context=()):
        seen.append(list(context))
        return real_assess(text)

    monkeypatch.setattr(crisis_screen, "assess", detector)
    monkeypatch.setattr(crisis_screen, "READS_CONTEXT", True)
    monkeypatch.setattr(crisis_screen, "READS_LANGUAGE", True)
    if surface == "post":
        thread = thread_create(author=member, group=group, title="Evenings", body="one").post
        seen.clear()
        post_create(author=member, thread=thread.thread, body="two")
    else:
        write_chat_message(member, group, "one")
        seen.clear()
        write_chat_message(member, group, "two")

    assert seen == [["one"]]
