"""The review queue's destructive decisions ask for a reason, and the message that follows a
hide, a rejection, a mute or a removal offers to undo it (the site's one undo message,
``community.undo``). Undoing puts things back where the data allows, returns the item to the
queue and is audited in words people read."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from groups.models import Membership
from moderation.models import AuditEntry, QueueItem
from moderation.services import report_create
from notifications.models import Notification
from tests.factories import (
    FacilitatorMembershipFactory,
    MembershipFactory,
    SupportGroupFactory,
    sign_in_with_mfa,
)
from tests.groups.forum_helpers import reply_to, start_thread, thread_url

pytestmark = pytest.mark.django_db

UNDO_FORM = re.compile(r'<form method="post" action="(/moderation/items/(\d+)/undo/)"')


@pytest.fixture
def reported_post(group, member, second_member):
    post = reply_to(author=member, thread=start_thread(author=member, group=group), body="Hmm.")
    report_create(reporter=second_member, target=post, reason="harassment", group=group)
    return post


@pytest.fixture
def item(reported_post):
    return QueueItem.objects.get()


def _decide(client, item, group, **data):
    """Post a decision from the group's queue page and return the page it goes back to."""
    back = reverse("moderation:group_queue", args=[group.slug])
    return client.post(
        reverse("moderation:item_act", args=[item.pk]), {"next": back, **data}, follow=True
    )


def _undo_address(html: str) -> str:
    match = UNDO_FORM.search(html)
    assert match, "no Undo button in the page"
    return match.group(1)


def _undo(client, html):
    return client.post(_undo_address(html), {"next": "/moderation/"}, follow=True)


@pytest.fixture
def audit_html(moderator):
    """The audit log as a moderator reads it, in a browser of their own."""

    def read() -> str:
        reader = sign_in_with_mfa(Client(), moderator)
        return reader.get(reverse("moderation:audit")).content.decode()

    return read


@pytest.mark.parametrize(
    ("action", "extra"),
    [
        ("hide", {}),
        ("delete", {}),
        ("mute", {"minutes": "60"}),
        ("remove", {}),
    ],
)
def test_a_destructive_queue_decision_without_a_reason_is_refused_and_changes_nothing(
    facilitator_client, item, group, reported_post, member, action, extra
):
    response = _decide(facilitator_client, item, group, action=action, **extra)

    assert "Please write a short reason." in response.content.decode()
    item.refresh_from_db()
    reported_post.refresh_from_db()
    assert item.is_open
    assert reported_post.hidden_at is None and reported_post.removed_at is None
    membership = Membership.objects.get(user=member, group=group)
    assert membership.state == Membership.State.ACTIVE and membership.muted_until is None


def test_the_queue_says_which_decisions_need_a_reason(facilitator_client, item, group):
    html = facilitator_client.get(reverse("moderation:group_queue", args=[group.slug])).content

    assert b"Needed to hide, delete, reject, mute, remove or suspend." in html


def test_hiding_from_the_queue_offers_an_undo_that_shows_the_post_again_and_reopens_the_item(
    facilitator_client, facilitator, item, group, reported_post, member, audit_html
):
    hidden = _decide(facilitator_client, item, group, action="hide", reason="Please be kind.")
    html = hidden.content.decode()
    assert "Hidden from the group. Its author has been told." in html
    assert ">Undo</button>" in html
    reported_post.refresh_from_db()
    assert reported_post.hidden_at is not None

    undone = _undo(facilitator_client, html).content.decode()

    assert "Visible again. Its author has been told." in undone
    assert "The item is back in the review queue." in undone
    reported_post.refresh_from_db()
    item.refresh_from_db()
    assert reported_post.hidden_at is None
    assert item.is_open and item.resolution == "" and item.resolved_by is None
    texts = [n.text for n in Notification.objects.filter(recipient=member)]
    assert any("is visible again" in text for text in texts)
    assert AuditEntry.objects.filter(action="content.unhide", actor=facilitator).exists()
    audit = audit_html()
    assert f"{facilitator.username} made a post by {member.username} visible again" in audit
    assert (
        f"{facilitator.username} undid a decision and put the item about a post by "
        f"{member.username} back in the review queue in {group.name}." in audit
    )


def test_the_item_is_back_in_the_queue_after_an_undo(facilitator_client, item, group):
    html = _decide(facilitator_client, item, group, action="hide", reason="x").content.decode()
    assert f'id="item-{item.pk}"' not in html

    _undo(facilitator_client, html)

    queue = facilitator_client.get(reverse("moderation:group_queue", args=[group.slug]))
    assert f'id="item-{item.pk}"' in queue.content.decode()


def test_removing_for_everyone_offers_no_undo(facilitator_client, item, group):
    html = _decide(facilitator_client, item, group, action="delete", reason="x").content.decode()

    assert "Removed for everyone. Its author has been told." in html
    assert not UNDO_FORM.search(html)


def test_muting_from_the_queue_can_be_undone_and_the_member_may_post_again(
    facilitator_client, facilitator, item, group, member, audit_html
):
    html = _decide(
        facilitator_client, item, group, action="mute", minutes="60", reason="Cool off."
    ).content.decode()
    assert f"{member.username} is muted in the group and has been told." in html
    assert f"Undo: unmute {member.username}" in html
    assert Membership.objects.get(user=member, group=group).is_muted

    undone = _undo(facilitator_client, html).content.decode()

    assert f"{member.username} can post and chat again." in undone
    assert not Membership.objects.get(user=member, group=group).is_muted
    item.refresh_from_db()
    assert item.is_open
    assert f"{facilitator.username} lifted the mute of {member.username}" in audit_html()


def test_removing_from_the_queue_can_be_undone_through_the_groups_restore(
    facilitator_client, facilitator, item, group, member, audit_html
):
    html = _decide(
        facilitator_client, item, group, action="remove", reason="Repeated unkindness."
    ).content.decode()
    assert f"{member.username} is removed from the group and has been told." in html
    assert f"Undo: restore {member.username}" in html
    assert Membership.objects.get(user=member, group=group).state == Membership.State.REMOVED

    undone = _undo(facilitator_client, html).content.decode()

    assert f"{member.username} is back: active." in undone
    assert Membership.objects.get(user=member, group=group).state == Membership.State.ACTIVE
    texts = [n.text for n in Notification.objects.filter(recipient=member)]
    assert any("a member of" in text and "again" in text for text in texts)
    assert f"{facilitator.username} restored {member.username} to the group" in audit_html()


def test_a_restored_member_waits_for_a_seat_when_the_group_filled_up_meanwhile(
    client, member, second_member
):
    full = SupportGroupFactory(capacity=3)
    facilitator = FacilitatorMembershipFactory(group=full).user
    MembershipFactory(group=full, user=member)
    MembershipFactory(group=full, user=second_member)
    report_create(reporter=second_member, target=member, reason="harassment", group=full)
    item = QueueItem.objects.get()
    client.force_login(facilitator)
    html = _decide(client, item, full, action="remove", reason="x").content.decode()
    MembershipFactory(group=full)  # the freed seat is taken before the undo

    _undo(client, html)

    state = Membership.objects.get(user=member, group=full).state
    assert state != Membership.State.ACTIVE and state != Membership.State.REMOVED


def test_undo_is_refused_for_a_decision_it_cannot_take_back(facilitator_client, item, group):
    _decide(facilitator_client, item, group, action="dismiss")

    response = facilitator_client.post(
        reverse("moderation:item_undo", args=[item.pk]), {"next": "/moderation/"}, follow=True
    )

    assert "This decision cannot be undone from the queue." in response.content.decode()
    item.refresh_from_db()
    assert not item.is_open and item.resolution == "dismissed"


def test_undo_by_a_facilitator_of_another_group_is_404_and_changes_nothing(
    facilitator_client, item, group, reported_post, other_facilitator
):
    _decide(facilitator_client, item, group, action="hide", reason="x")
    facilitator_client.force_login(other_facilitator)

    response = facilitator_client.post(reverse("moderation:item_undo", args=[item.pk]))

    assert response.status_code == 404
    reported_post.refresh_from_db()
    assert reported_post.hidden_at is not None


def test_a_get_on_the_undo_address_changes_nothing(facilitator_client, item, group, reported_post):
    _decide(facilitator_client, item, group, action="hide", reason="x")

    facilitator_client.get(reverse("moderation:item_undo", args=[item.pk]))

    reported_post.refresh_from_db()
    assert reported_post.hidden_at is not None


def test_undo_after_new_reports_leaves_the_newer_item_alone(
    facilitator_client, item, group, reported_post, member
):
    html = _decide(facilitator_client, item, group, action="hide", reason="x").content.decode()
    third = MembershipFactory(group=group).user
    report_create(reporter=third, target=reported_post, reason="spam", group=group)
    newer = QueueItem.objects.get(state=QueueItem.State.OPEN)

    undone = _undo(facilitator_client, html).content.decode()

    assert "Visible again." in undone and "back in the review queue" not in undone
    item.refresh_from_db()
    assert not item.is_open
    assert list(QueueItem.objects.filter(state=QueueItem.State.OPEN)) == [newer]


# ------------------------------------------------------------------ pre-moderation


@pytest.fixture
def held_post():
    premoderated = SupportGroupFactory(premoderated_post_count=2)
    newcomer = MembershipFactory(group=premoderated).user
    return start_thread(author=newcomer, group=premoderated).posts.get()


def test_rejecting_a_held_post_can_be_undone_and_it_waits_for_approval_again(
    client, held_post, audit_html
):
    group = held_post.thread.group
    author = held_post.author
    facilitator = FacilitatorMembershipFactory(group=group).user
    item = QueueItem.objects.get()
    client.force_login(facilitator)
    html = _decide(client, item, group, action="reject", reason="Contact details.").content.decode()
    assert "Not approved. The member has been told." in html
    held_post.refresh_from_db()
    assert held_post.removed_at is not None

    undone = _undo(client, html).content.decode()

    assert "The post is waiting for approval again. Its author has been told." in undone
    held_post.refresh_from_db()
    held_post.thread.refresh_from_db()
    assert held_post.removed_at is None and held_post.held_for_review
    assert held_post.thread.removed_at is None
    item.refresh_from_db()
    assert item.is_open
    texts = [n.text for n in Notification.objects.filter(recipient=author)]
    assert any("waiting for approval again" in text for text in texts)
    client.force_login(author)
    assert "Waiting for a facilitator" in client.get(thread_url(held_post.thread)).content.decode()
    assert (
        f"{facilitator.username} took back the refusal of a post by {author.username}, which "
        "waits for approval again" in audit_html()
    )


def test_rejecting_needs_a_reason(client, held_post):
    group = held_post.thread.group
    client.force_login(FacilitatorMembershipFactory(group=group).user)

    html = _decide(client, QueueItem.objects.get(), group, action="reject").content.decode()

    assert "Please write a short reason." in html
    held_post.refresh_from_db()
    assert held_post.removed_at is None


def test_the_undo_wording_reads_in_spanish_and_russian(
    facilitator_client, facilitator, item, group, reported_post
):
    for language, undo, undone in (
        ("es", "Deshacer", "El elemento vuelve a estar en la cola de revisión."),
        ("ru", "Отменить", "Пункт снова в очереди проверки."),
    ):
        facilitator.language = language
        facilitator.save(update_fields=["language"])
        html = _decide(facilitator_client, item, group, action="hide", reason="x").content
        assert undo in html.decode()
        assert undone in _undo(facilitator_client, html.decode()).content.decode()
