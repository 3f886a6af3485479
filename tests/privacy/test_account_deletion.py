"""``/me/delete/``: the password again, a choice about posts, and every session ended."""

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from community.accounts.models import MemberSession, User
from community.accounts.services import account_delete, block_create, keep_apart_add
from groups.models import Membership
from moderation.audit import audit_record
from moderation.models import AuditEntry
from tests.factories import DEFAULT_PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def delete_form(**overrides):
    return {"password": DEFAULT_PASSWORD, "posts_mode": "anonymise", "confirm": "on", **overrides}


def test_delete_page_asks_for_the_password_and_the_choice_about_posts(member_client):
    response = member_client.get(reverse("accounts:delete"))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="password"' in html
    assert 'value="anonymise"' in html and 'value="erase"' in html


def test_wrong_password_keeps_the_account_and_says_so(member_client, member):
    response = member_client.post(reverse("accounts:delete"), delete_form(password="not-it-0"))

    assert response.status_code == 400
    assert "password is not right" in response.content.decode()
    assert User.objects.filter(pk=member.pk).exists()


def test_missing_choice_about_posts_keeps_the_account(member_client, member):
    response = member_client.post(reverse("accounts:delete"), delete_form(posts_mode=""))

    assert response.status_code == 400
    assert "choose what happens to your posts" in response.content.decode()
    assert User.objects.filter(pk=member.pk).exists()


def test_unticked_confirmation_keeps_the_account(member_client, member):
    data = delete_form()
    del data["confirm"]

    response = member_client.post(reverse("accounts:delete"), data)

    assert response.status_code == 400
    assert User.objects.filter(pk=member.pk).exists()


def test_deleting_removes_the_account_signs_out_and_clears_site_data(member_client, member):
    response = member_client.post(reverse("accounts:delete"), delete_form())

    assert response.status_code == 200
    assert "Your account is deleted" in response.content.decode()
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert not User.objects.filter(pk=member.pk).exists()
    assert member_client.get(reverse("accounts:profile")).status_code == 302


def test_deleting_ends_the_members_sessions_on_every_device(member):
    phone, laptop, bystander_client = Client(), Client(), Client()
    phone.force_login(member)
    laptop.force_login(member)
    bystander = UserFactory()
    bystander_client.force_login(bystander)
    assert MemberSession.objects.filter(user_id=member.pk).count() == 2

    phone.post(reverse("accounts:delete"), delete_form())

    assert MemberSession.objects.filter(user_id=member.pk).count() == 0
    assert laptop.get(reverse("accounts:profile")).status_code == 302
    assert bystander_client.get(reverse("accounts:profile")).status_code == 200


def test_repeated_wrong_passwords_are_paused_with_a_429(member_client, frozen_rate_limit_clock):
    statuses = [
        member_client.post(reverse("accounts:delete"), delete_form(password="wrong-1")).status_code
        for _ in range(6)
    ]

    assert statuses[:5] == [400] * 5
    assert statuses[5] == 429


def test_deletion_frees_the_seat_for_the_first_person_on_the_waitlist(group, member):
    group.capacity = 1
    group.save()
    waiting = MembershipFactory(group=group, state=Membership.State.WAITLISTED)

    account_delete(user=member, password=DEFAULT_PASSWORD, posts_mode="erase")

    waiting.refresh_from_db()
    assert waiting.state == Membership.State.OFFERED


def test_audit_entries_by_a_deleted_facilitator_keep_the_act_under_former_member(
    group, facilitator
):
    """Issue 20 finding 7: the audit keeps what was done, and "former member" for who."""
    audit_record(actor=facilitator, action="membership.approve", group=group)

    account_delete(user=facilitator, password=DEFAULT_PASSWORD, posts_mode="anonymise")

    entry = AuditEntry.objects.get(action="membership.approve")
    assert entry.actor is None
    assert entry.actor_name == "former member"
    assert entry.group == group


def test_blocks_and_keep_apart_rows_in_both_directions_go_with_the_account(member):
    other = UserFactory()
    block_create(user=member, pseudonym=other.username)
    block_create(user=other, pseudonym=member.username)
    keep_apart_add(user=other, pseudonym=member.username)

    account_delete(user=member, password=DEFAULT_PASSWORD, posts_mode="erase")

    assert not other.blocks_made.exists()
    assert not other.keep_apart_entries.exists()


def test_account_delete_rejects_an_unknown_posts_mode(member):
    with pytest.raises(ValidationError):
        account_delete(user=member, password=DEFAULT_PASSWORD, posts_mode="publish")

    assert User.objects.filter(pk=member.pk).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("close_worker_connections")
async def test_deleting_closes_the_members_live_notification_socket():
    from community.asgi import application

    member = await sync_to_async(UserFactory)()
    client = Client()
    await sync_to_async(client.force_login)(member)
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()
    communicator = WebsocketCommunicator(
        application,
        "/ws/notifications/",
        headers=[(b"cookie", cookie), (b"origin", b"http://testserver"), (b"host", b"testserver")],
    )
    connected, _ = await communicator.connect()
    assert connected

    await sync_to_async(account_delete)(
        user=member, password=DEFAULT_PASSWORD, posts_mode="anonymise"
    )

    output = await communicator.receive_output(timeout=3)
    assert output["type"] == "websocket.close"
    assert output["code"] == 4401
    await communicator.disconnect()
