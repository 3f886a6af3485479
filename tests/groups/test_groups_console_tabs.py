"""The facilitator console as facilitators see it: four short tabs, destructive actions
confirmed with a reason, and an Undo in the message that follows."""

import pytest
from django.urls import reverse

from groups.models import Membership
from moderation.models import AuditEntry
from tests.factories import FacilitatorMembershipFactory, MembershipFactory
from tests.groups.forum_helpers import reply_to, start_thread

pytestmark = pytest.mark.django_db


def _seat(user, group) -> Membership:
    return Membership.objects.get(user=user, group=group)


@pytest.mark.parametrize(
    ("url_name", "heading", "absent"),
    [
        ("groups:manage", "Review queue</h2>", "Save settings"),
        ("groups:manage_members", "Members</h2>", "Create an invitation link"),
        ("groups:manage_requests", "Requests and invitations</h2>", "Save settings"),
        ("groups:settings", "Settings</h2>", "Requests to join"),
    ],
)
def test_each_console_tab_is_its_own_short_page_with_the_tab_marked_current(
    facilitator_client, group, url_name, heading, absent
):
    url = reverse(url_name, args=[group.slug])

    html = facilitator_client.get(url).content.decode()

    assert heading in html and absent not in html
    assert f'<a href="{url}" aria-current="page">' in html
    for other in ("groups:manage", "groups:manage_members", "groups:manage_requests"):
        assert f'href="{reverse(other, args=[group.slug])}"' in html


def test_the_requests_tab_counts_the_requests_waiting(facilitator_client, group):
    MembershipFactory(group=group, state=Membership.State.REQUESTED)

    html = facilitator_client.get(reverse("groups:manage", args=[group.slug])).content.decode()

    assert 'Requests and invitations <span class="tab-count">(1)</span>' in html


def test_removing_a_member_first_shows_a_confirmation_page_that_asks_why(
    facilitator_client, group, member
):
    seat = _seat(member, group)

    html = facilitator_client.get(
        reverse("groups:member_remove", args=[group.slug, seat.pk])
    ).content.decode()

    assert f"Remove {member.username}?" in html and 'name="reason"' in html
    assert _seat(member, group).state == Membership.State.ACTIVE
    assert member.email not in html


def test_a_removal_without_a_reason_is_refused_on_the_confirmation_page(
    facilitator_client, group, member
):
    seat = _seat(member, group)

    response = facilitator_client.post(reverse("groups:member_remove", args=[group.slug, seat.pk]))

    assert response.status_code == 400
    assert "Please write a short reason." in response.content.decode()
    assert _seat(member, group).state == Membership.State.ACTIVE


def test_a_confirmed_removal_is_audited_and_offers_to_restore_the_member(
    facilitator_client, group, member, facilitator
):
    seat = _seat(member, group)

    response = facilitator_client.post(
        reverse("groups:member_remove", args=[group.slug, seat.pk]),
        {"reason": "Repeated unkind replies."},
        follow=True,
    )

    html = response.content.decode()
    assert _seat(member, group).state == Membership.State.REMOVED
    assert f"{member.username} is removed from the group" in html
    restore = reverse("groups:member_restore", args=[group.slug, seat.pk])
    assert f'action="{restore}"' in html and f"Undo: restore {member.username}" in html
    entry = AuditEntry.objects.get(action="member.remove")
    assert entry.reason == "Repeated unkind replies." and entry.actor == facilitator

    facilitator_client.post(restore)

    assert _seat(member, group).state == Membership.State.ACTIVE
    assert AuditEntry.objects.filter(action="member.restore", actor=facilitator).exists()


def test_a_confirmed_mute_shows_in_the_members_tab_and_can_be_undone(
    facilitator_client, group, member
):
    seat = _seat(member, group)
    page = facilitator_client.get(reverse("groups:member_mute", args=[group.slug, seat.pk]))
    assert f"Mute {member.username}?" in page.content.decode()

    response = facilitator_client.post(
        reverse("groups:member_mute", args=[group.slug, seat.pk]),
        {"minutes": "60", "reason": "Let's take a breath."},
        follow=True,
    )

    html = response.content.decode()
    assert _seat(member, group).muted_until is not None
    assert "Muted until" in html and f"Undo: unmute {member.username}" in html

    facilitator_client.post(reverse("groups:member_unmute", args=[group.slug, seat.pk]))

    assert _seat(member, group).muted_until is None
    assert AuditEntry.objects.filter(action="member.unmute").exists()


def test_a_facilitator_is_offered_no_remove_or_mute_for_a_co_facilitator(facilitator_client, group):
    colleague = FacilitatorMembershipFactory(group=group)

    html = facilitator_client.get(
        reverse("groups:manage_members", args=[group.slug])
    ).content.decode()
    confirm = facilitator_client.get(
        reverse("groups:member_remove", args=[group.slug, colleague.pk]), follow=True
    ).content.decode()

    assert reverse("groups:member_remove", args=[group.slug, colleague.pk]) not in html
    assert "Please ask a moderator to act on a facilitator" in confirm


def test_hiding_a_post_asks_for_a_reason_shows_the_post_and_offers_undo(
    facilitator_client, group, member
):
    post = reply_to(author=member, thread=start_thread(author=member, group=group), body="Oops.")
    url = reverse("moderation:content_act", args=["post", post.pk])

    confirm = facilitator_client.get(url, {"action": "hide"}).content.decode()
    refused = facilitator_client.post(url, {"action": "hide"})
    post.refresh_from_db()
    assert "Oops." in confirm and 'name="reason"' in confirm
    assert refused.status_code == 400 and post.hidden_at is None

    done = facilitator_client.post(
        url, {"action": "hide", "reason": "Off topic."}, follow=True
    ).content.decode()
    post.refresh_from_db()
    assert post.hidden_at is not None
    assert "Hidden from the group." in done and 'value="unhide"' in done

    facilitator_client.post(url, {"action": "unhide"})
    post.refresh_from_db()
    assert post.hidden_at is None


def test_the_thread_offers_hide_as_a_link_to_the_confirmation_step(
    facilitator_client, group, member
):
    thread = start_thread(author=member, group=group)
    post = reply_to(author=member, thread=thread)

    html = facilitator_client.get(thread.get_absolute_url()).content.decode()

    assert f'href="/moderation/content/post/{post.pk}/?action=hide&amp;next=' in html
    assert 'name="action" value="hide"' not in html


def test_the_report_form_quotes_the_post_being_reported(client, group, member):
    reporter = MembershipFactory(group=group).user
    post = reply_to(
        author=member, thread=start_thread(author=member, group=group), body="Just get over it."
    )
    client.force_login(reporter)

    html = client.get(reverse("moderation:report"), {"type": "post", "id": post.pk}).content
    html = html.decode()

    assert "The words you are reporting:" in html
    assert "<blockquote>Just get over it.</blockquote>" in html


def test_the_report_form_quotes_nothing_when_a_member_is_reported(client, group, member):
    reporter = MembershipFactory(group=group).user
    client.force_login(reporter)

    html = client.get(
        reverse("moderation:report"), {"type": "member", "id": member.username, "group": group.slug}
    ).content.decode()

    assert "The words you are reporting:" not in html and "<blockquote>" not in html


def test_a_report_link_to_another_groups_post_quotes_nothing_and_answers_404(client, group, member):
    post = reply_to(author=member, thread=start_thread(author=member, group=group), body="Mine.")
    stranger = MembershipFactory().user
    client.force_login(stranger)

    response = client.get(reverse("moderation:report"), {"type": "post", "id": post.pk})

    assert response.status_code == 404 and b"Mine." not in response.content
