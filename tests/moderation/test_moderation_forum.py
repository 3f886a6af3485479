"""Moderation wired into the forum: reports, hide/unhide/delete, pre-moderation, watched
words, and only sanitised HTML on moderation pages."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from forum.services import post_create, thread_create
from groups.forum_models import Post
from moderation.models import AuditEntry, QueueItem
from moderation.services import (
    content_delete,
    content_hide,
    content_unhide,
    premoderation_approve,
    premoderation_reject,
    premoderation_required,
    report_create,
    watched_word_create,
)
from notifications.models import Notification
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(db):
    from tests.factories import SupportGroupFactory

    return SupportGroupFactory(premoderated_post_count=0)


def _thread(author, group, body="Hello, everyone.", **extra):
    return thread_create(author=author, group=group, title="A thread", body=body, **extra)


def _reply(author, thread, body="Thank you for sharing.", **extra):
    extra.setdefault("submission_id", uuid.uuid4())
    return post_create(author=author, thread=thread, body=body, **extra).post


@pytest.fixture
def post(member, group):
    return _thread(member, group).post


# ------------------------------------------------------------------ reports on posts


def test_reports_on_a_post_group_into_one_item_with_a_count(post, group, second_member):
    third = MembershipFactory(group=group).user

    report_create(reporter=second_member, target=post, reason="harassment", note="")
    report_create(reporter=third, target=post, reason="harassment", note="")

    item = QueueItem.objects.get()
    assert item.report_count == 2 and item.target == post and item.group == group
    assert item.subject == post.author


def test_reporting_a_post_in_a_group_you_are_not_in_is_404(post, outsider):
    from django.http import Http404

    with pytest.raises(Http404):
        report_create(reporter=outsider, target=post, reason="spam", note="")


def test_reporting_your_own_post_is_refused(post, member):
    with pytest.raises(ValidationError, match="your own"):
        report_create(reporter=member, target=post, reason="spam", note="")


def test_member_reports_a_post_from_the_thread_page(client, post, second_member):
    client.force_login(second_member)
    thread_html = client.get(post.thread.get_absolute_url()).content.decode()
    assert f"/moderation/report/?type=post&amp;id={post.pk}" in thread_html

    response = client.post(
        reverse("moderation:report"), {"type": "post", "id": post.pk, "reason": "spam"}
    )

    assert response.status_code == 302
    assert QueueItem.objects.get().target == post


# ------------------------------------------------------------------ hide / unhide / delete


def test_hiding_a_post_hides_it_from_members_audits_and_tells_the_author(
    client, post, facilitator, second_member, member
):
    content_hide(actor=facilitator, target=post, reason="off topic")

    post.refresh_from_db()
    assert post.hidden_at is not None and post.hidden_by == facilitator
    entry = AuditEntry.objects.get(action="content.hide")
    assert entry.target_type == "groups.post" and entry.reason == "off topic"
    assert "hello" not in entry.target_label.lower()
    client.force_login(second_member)
    assert client.get(post.thread.get_absolute_url()).status_code == 404
    text = Notification.objects.get(recipient=member, kind="moderation").text
    assert "hidden" in text and "off topic" in text


def test_unhiding_makes_the_post_visible_again_and_is_audited(post, facilitator):
    content_hide(actor=facilitator, target=post)

    content_unhide(actor=facilitator, target=post)

    post.refresh_from_db()
    assert post.hidden_at is None and post.thread.hidden_at is None
    assert AuditEntry.objects.filter(action="content.unhide").exists()


def test_deleting_a_reported_post_resolves_its_item_and_is_audited(
    post, facilitator, second_member
):
    report_create(reporter=second_member, target=post, reason="harassment", note="")

    content_delete(actor=facilitator, target=post, reason="harassment")

    post.refresh_from_db()
    assert post.removed_at is not None
    assert QueueItem.objects.get().resolution == "deleted"
    assert AuditEntry.objects.filter(action="content.delete").exists()


def test_facilitator_of_another_group_cannot_hide_the_post(post, other_facilitator):
    from django.http import Http404

    with pytest.raises(Http404):
        content_hide(actor=other_facilitator, target=post)


def test_facilitator_hides_and_unhides_from_the_thread_page(client, post, facilitator):
    client.force_login(facilitator)
    url = reverse("moderation:content_act", args=["post", post.pk])

    client.post(url, {"action": "hide", "reason": "Please speak from your own experience."})
    post.refresh_from_db()
    assert post.hidden_at is not None
    client.post(url, {"action": "unhide"})
    post.refresh_from_db()

    assert post.hidden_at is None


def test_queue_hide_decision_acts_on_the_reported_post(
    client, post, facilitator, second_member, group
):
    report_create(reporter=second_member, target=post, reason="spam", note="")
    item = QueueItem.objects.get()
    client.force_login(facilitator)

    client.post(
        reverse("moderation:item_act", args=[item.pk]), {"action": "hide", "reason": "Off topic."}
    )

    post.refresh_from_db()
    assert post.hidden_at is not None


# ------------------------------------------------------------------ pre-moderation


@pytest.fixture
def premoderated_group(db):
    from tests.factories import SupportGroupFactory

    return SupportGroupFactory(premoderated_post_count=2)


def test_a_new_members_first_posts_wait_for_approval(premoderated_group):
    newcomer = MembershipFactory(group=premoderated_group).user

    first = _thread(newcomer, premoderated_group).post
    second = _reply(newcomer, first.thread)

    assert first.held_for_review and second.held_for_review
    assert QueueItem.objects.filter(source="premoderation").count() == 2
    assert premoderation_required(author=newcomer, group=premoderated_group)


def test_after_n_approved_posts_a_member_posts_directly(premoderated_group):
    facilitator = MembershipFactory(group=premoderated_group, role="facilitator").user
    newcomer = MembershipFactory(group=premoderated_group).user
    first = _thread(newcomer, premoderated_group).post
    second = _reply(newcomer, first.thread)
    for post in (first, second):
        premoderation_approve(actor=facilitator, item=QueueItem.objects.get(object_id=post.pk))

    third = _reply(newcomer, first.thread)

    assert not third.held_for_review


def test_facilitators_are_never_premoderated(premoderated_group):
    facilitator = MembershipFactory(group=premoderated_group, role="facilitator").user

    assert not _thread(facilitator, premoderated_group).post.held_for_review


def test_the_author_sees_that_their_post_is_waiting(client, premoderated_group):
    newcomer = MembershipFactory(group=premoderated_group).user
    client.force_login(newcomer)
    post = _thread(newcomer, premoderated_group).post

    html = client.get(post.thread.get_absolute_url()).content.decode()

    assert "Waiting for a facilitator" in html


def test_approving_publishes_the_post_audits_and_tells_the_author(premoderated_group):
    facilitator = MembershipFactory(group=premoderated_group, role="facilitator").user
    newcomer = MembershipFactory(group=premoderated_group).user
    post = _thread(newcomer, premoderated_group).post
    item = QueueItem.objects.get()

    premoderation_approve(actor=facilitator, item=item)

    post.refresh_from_db()
    post.thread.refresh_from_db()
    assert not post.held_for_review and not post.thread.held_for_review
    assert AuditEntry.objects.filter(action="premoderation.approve", actor=facilitator).exists()
    assert "approved" in Notification.objects.get(recipient=newcomer, kind="moderation").text


def test_rejecting_removes_the_post_audits_and_tells_the_author_why(premoderated_group):
    facilitator = MembershipFactory(group=premoderated_group, role="facilitator").user
    newcomer = MembershipFactory(group=premoderated_group).user
    post = _thread(newcomer, premoderated_group).post

    premoderation_reject(actor=facilitator, item=QueueItem.objects.get(), reason="contact details")

    post.refresh_from_db()
    assert post.removed_at is not None
    assert AuditEntry.objects.get(action="premoderation.reject").reason == "contact details"
    text = Notification.objects.get(recipient=newcomer, kind="moderation").text
    assert "not approved" in text and "contact details" in text


def test_group_queue_offers_approve_and_reject_for_held_posts(client, premoderated_group):
    facilitator = MembershipFactory(group=premoderated_group, role="facilitator").user
    newcomer = MembershipFactory(group=premoderated_group).user
    _thread(newcomer, premoderated_group)
    client.force_login(facilitator)

    html = client.get(
        reverse("moderation:group_queue", args=[premoderated_group.slug])
    ).content.decode()

    assert 'value="approve"' in html and 'value="reject"' in html
    assert "Waiting for approval" in html


def test_facilitator_console_includes_the_group_queue(client, premoderated_group):
    facilitator = MembershipFactory(group=premoderated_group, role="facilitator").user
    newcomer = MembershipFactory(group=premoderated_group).user
    post = _thread(newcomer, premoderated_group).post
    client.force_login(facilitator)

    html = client.get(reverse("groups:manage", args=[premoderated_group.slug])).content.decode()

    item = QueueItem.objects.get(object_id=post.pk)
    assert f'id="item-{item.pk}"' in html


# ------------------------------------------------------------------ watched words in the forum


def test_a_blocked_word_refuses_the_post_with_a_clear_message(member, group, moderator):
    watched_word_create(actor=moderator, text="scamlink", kind="word", action="block")

    with pytest.raises(ValidationError, match="not allow"):
        _thread(member, group, body="visit s.c.a.m.l.i.n.k today")
    assert not Post.objects.exists()


def test_a_blocked_word_in_a_reply_shows_the_form_again_with_the_message(
    client, post, second_member, moderator
):
    watched_word_create(actor=moderator, text="scamlink", kind="word", action="block")
    client.force_login(second_member)

    response = client.post(
        reverse("groups:reply", args=[post.thread.group.slug, post.thread_id]),
        {"body": "go to $camlink", "submission_id": str(uuid.uuid4())},
    )

    assert response.status_code == 400
    assert "not allow" in response.content.decode()


def test_a_hold_word_holds_the_post_for_approval(member, group, moderator):
    rule = watched_word_create(actor=moderator, text="send me money", kind="word", action="hold")

    post = _thread(member, group, body="Please SEND ME MONEY").post

    assert post.held_for_review
    item = QueueItem.objects.get()
    assert item.source == "premoderation" and item.watched_rule_ids == str(rule.pk)


def test_a_flag_word_posts_and_opens_a_queue_item(member, group, moderator):
    watched_word_create(actor=moderator, text="pills", kind="word", action="flag")

    post = _thread(member, group, body="I take my p1lls at night").post

    assert not post.held_for_review
    assert QueueItem.objects.get().source == "watched_word"


# ------------------------------------------------------------------ sanitised rendering


def test_queue_shows_only_sanitised_html_for_a_post_with_a_script(
    facilitator_client, member, group, second_member
):
    post = _thread(member, group, body='Hi <script>alert("x")</script> <b onclick="y()">z</b>').post
    report_create(reporter=second_member, target=post, reason="spam", note="")

    html = facilitator_client.get(
        reverse("moderation:group_queue", args=[group.slug])
    ).content.decode()

    assert "<script>alert" not in html
    assert 'onclick="' not in html and "<b onclick" not in html
    assert post.body_html in html


def test_content_under_a_warning_stays_folded_in_the_queue(
    facilitator_client, member, group, second_member
):
    post = _thread(member, group, body="hard words", content_warning="self_harm").post
    report_create(reporter=second_member, target=post, reason="other", note="")

    html = facilitator_client.get(
        reverse("moderation:group_queue", args=[group.slug])
    ).content.decode()

    fold = html.index('<details class="queue-content-fold">')
    assert fold < html.index("hard words")
    assert "Content warning: self-harm" in html


def test_worried_link_on_a_post_raises_a_moderators_only_alert_without_naming_the_author(
    client, member, group, second_member, moderator
):
    from moderation.models import SafetyAlert

    post = _thread(member, group, anonymous=False).post
    client.force_login(second_member)
    url = reverse("moderation:worried_post", args=[post.pk])

    page = client.get(url).content.decode()
    client.post(url, {"confirm": "on"})

    assert "the person who wrote this" in page
    alert = SafetyAlert.objects.get()
    assert alert.subject == member and alert.moderators_only and alert.group == group
    assert not Notification.objects.filter(recipient=member).exists()


def test_search_for_crisis_words_shows_the_help_box(client):
    response = client.get("/search/", {"q": "I want to end my life"})

    assert response.status_code == 200
    assert "Help is available" in response.content.decode()
