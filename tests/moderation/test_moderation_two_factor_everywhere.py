"""Moderator powers need two-factor sign-in everywhere, not only on the moderation pages.

An account with the moderator role but no TOTP authenticator is a plain member outside
``/moderation/``: another group's forum, console and chat answer it as they answer anyone
without a seat, and the Django admin sends it to set up two-factor instead of letting it in.
The same account with an authenticator, in a session confirmed with a code, gets its powers
back.
"""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from community.accounts.permissions import has_moderator_role, is_moderator
from groups.models import Membership
from tests.chat.chatws import closed_with, joined, open_chat
from tests.factories import (
    DEFAULT_PASSWORD,
    MembershipFactory,
    UserFactory,
    give_totp,
    sign_in_with_mfa,
)
from tests.groups.forum_helpers import start_thread

pytestmark = pytest.mark.django_db

SAFETY_ALERTS_ADMIN = "/django-admin/moderation/safetyalert/"


@pytest.fixture
def thread(group, member):
    return start_thread(author=member, group=group, title="Only for this circle")


def manage_requests(group, member):
    seat = Membership.objects.get(user=member, group=group)
    slug = group.slug
    return [
        ("get", reverse("groups:manage", args=[slug]), {}),
        ("post", reverse("groups:request_decision", args=[slug, seat.pk]), {}),
        ("post", reverse("groups:member_remove", args=[slug, seat.pk]), {}),
        ("post", reverse("groups:settings", args=[slug]), {"name": "taken over"}),
    ]


def redirect_chain_targets(response) -> list[str]:
    return [url.split("?")[0] for url, _status in response.redirect_chain]


def admin_sends_to_totp_set_up(response) -> bool:
    """The admin redirected to its sign-in, that to TOTP set-up, and no admin page answered.

    (Set-up itself may first ask a password-only session to confirm the password.)
    """
    targets = redirect_chain_targets(response)
    return targets[:2] == [
        reverse("admin:login"),
        reverse("mfa_activate_totp"),
    ] and not response.wsgi_request.path.startswith("/django-admin/")


# --- the rule and its cache ----------------------------------------------------------------


def test_the_moderator_role_without_an_authenticator_gives_no_moderator_powers(
    moderator_without_totp,
):
    assert has_moderator_role(moderator_without_totp)
    assert not is_moderator(moderator_without_totp)
    assert not moderator_without_totp.is_moderator


def test_staff_and_superusers_need_an_authenticator_for_moderator_powers_too(db):
    staff = UserFactory(is_staff=True)
    superuser = UserFactory(is_staff=True, is_superuser=True)
    give_totp(superuser)

    assert has_moderator_role(staff) and not is_moderator(staff)
    assert is_moderator(superuser)


def test_the_rule_is_asked_of_the_database_once_per_user_object(
    moderator, django_assert_num_queries
):
    with django_assert_num_queries(2):  # the Moderators group, then the authenticator
        assert is_moderator(moderator)
    with django_assert_num_queries(0):
        assert is_moderator(moderator)
        assert moderator.is_moderator
        assert moderator.has_moderator_role


def test_plain_members_are_never_asked_about_an_authenticator(member, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert not is_moderator(member)
        assert not is_moderator(member)


# --- forum and console ---------------------------------------------------------------------


def test_moderator_without_totp_gets_404_on_another_groups_thread(
    client, moderator_without_totp, group, thread
):
    client.force_login(moderator_without_totp)

    response = client.get(reverse("groups:thread", args=[group.slug, thread.pk]))

    assert response.status_code == 404
    assert "Only for this circle" not in response.content.decode()


def test_the_same_moderator_reads_the_thread_once_they_set_up_totp(
    client, moderator_without_totp, group, thread
):
    give_totp(moderator_without_totp)
    sign_in_with_mfa(client, moderator_without_totp)  # allauth asks for a code from now on

    response = client.get(reverse("groups:thread", args=[group.slug, thread.pk]))

    assert response.status_code == 200
    assert "Only for this circle" in response.content.decode()


def test_moderator_without_totp_gets_404_on_every_facilitator_tool_of_another_group(
    client, moderator_without_totp, group, member
):
    client.force_login(moderator_without_totp)

    answers = {
        url: getattr(client, method)(url, data).status_code
        for method, url, data in manage_requests(group, member)
    }

    assert set(answers.values()) == {404}, answers
    assert Membership.objects.get(user=member, group=group).state == Membership.State.ACTIVE
    group.refresh_from_db()
    assert group.name != "taken over"


def test_the_same_moderator_opens_the_group_console_once_they_set_up_totp(
    client, moderator_without_totp, group, member
):
    give_totp(moderator_without_totp)
    sign_in_with_mfa(client, moderator_without_totp)

    response = client.get(reverse("groups:manage", args=[group.slug]))

    assert response.status_code == 200


def test_moderator_without_totp_cannot_open_a_group_and_is_not_offered_to(
    client, moderator_without_totp
):
    client.force_login(moderator_without_totp)

    directory = client.get(reverse("groups:directory")).content.decode()

    assert reverse("groups:create") not in directory
    assert client.get(reverse("groups:create")).status_code == 404


def test_moderator_without_totp_keeps_their_own_seat_as_a_member(
    client, moderator_without_totp, group, thread
):
    MembershipFactory(group=group, user=moderator_without_totp)
    client.force_login(moderator_without_totp)

    assert client.get(reverse("groups:thread", args=[group.slug, thread.pk])).status_code == 200
    assert client.get(reverse("groups:manage", args=[group.slug])).status_code == 403


# --- the moderator link in the chrome ------------------------------------------------------


def test_moderator_without_totp_sees_the_moderation_link_and_it_leads_to_totp_set_up(
    client, moderator_without_totp
):
    client.force_login(moderator_without_totp)

    home = client.get(reverse("groups:directory")).content.decode()
    followed = client.get("/moderation/")

    assert 'href="/moderation/"' in home
    assert followed.status_code == 302
    assert followed["Location"].startswith(reverse("mfa_activate_totp"))


def test_members_see_no_moderation_link(member_client):
    home = member_client.get(reverse("groups:directory")).content.decode()

    assert 'href="/moderation/"' not in home


# --- chat ----------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
async def test_moderator_without_totp_cannot_open_another_groups_chat(
    group, moderator_without_totp
):
    communicator = await open_chat(moderator_without_totp, slug=group.slug)

    assert communicator.connected
    assert await closed_with(communicator) in (4403, 4404)


@pytest.mark.django_db(transaction=True)
async def test_the_same_moderator_joins_the_chat_once_they_set_up_totp(
    group, moderator_without_totp
):
    from channels.db import database_sync_to_async

    await database_sync_to_async(give_totp)(moderator_without_totp)

    communicator, opening = await joined(moderator_without_totp, slug=group.slug)

    assert opening["room"]["type"] == "room"
    await communicator.disconnect()


# --- the Django admin ----------------------------------------------------------------------


@pytest.fixture
def staff_without_totp(db):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(content_type__app_label="moderation"))
    return staff


def test_staff_without_totp_is_sent_from_the_django_admin_to_totp_set_up(
    client, staff_without_totp
):
    client.force_login(staff_without_totp)

    response = client.get(SAFETY_ALERTS_ADMIN, follow=True)

    assert admin_sends_to_totp_set_up(response)
    assert "Safety alerts" not in response.content.decode()
    assert "two-factor" in " ".join(str(m) for m in response.context["messages"])


def test_superuser_without_totp_does_not_reach_the_django_admin(client, admin_user):
    client.force_login(admin_user)

    pages = ["/django-admin/", SAFETY_ALERTS_ADMIN, "/django-admin/moderation/auditentry/"]
    for page in pages:
        response = client.get(page, follow=True)
        assert admin_sends_to_totp_set_up(response), (page, response.redirect_chain)


def test_staff_with_totp_but_a_password_only_session_is_asked_for_a_code_by_the_admin(
    client, staff_without_totp
):
    give_totp(staff_without_totp)
    client.force_login(staff_without_totp)

    response = client.get(SAFETY_ALERTS_ADMIN, follow=True)

    assert redirect_chain_targets(response)[-1] == reverse("mfa_reauthenticate")


def test_staff_signed_in_with_a_totp_code_reach_the_django_admin(client, staff_without_totp):
    sign_in_with_mfa(client, staff_without_totp)

    response = client.get(SAFETY_ALERTS_ADMIN)

    assert response.status_code == 200


def test_the_django_admin_sign_in_form_is_replaced_by_the_sites_sign_in(client, staff_without_totp):
    give_totp(staff_without_totp)

    response = client.post(
        reverse("admin:login"),
        {"username": staff_without_totp.username, "password": DEFAULT_PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_a_moderator_who_is_not_staff_does_not_reach_the_django_admin(moderator_client):
    response = moderator_client.get(SAFETY_ALERTS_ADMIN)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_wagtail_editors_need_two_factor_too(client, db):
    """Issue 20 hardening: editors publish crisis-line numbers (tests/content has the rest)."""
    editor = UserFactory()
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)

    assert client.get("/admin/")["Location"].startswith(reverse("mfa_activate_totp"))
    sign_in_with_mfa(client, editor)
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("path", ["/admin/login/", "/_util/login/"])
def test_wagtails_password_only_sign_in_forms_lead_to_the_sign_in_with_two_factor(client, path):
    response = client.get(path, {"next": "/admin/pages/"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fpages%2F"


def test_a_password_posted_to_wagtails_admin_sign_in_signs_nobody_in(client, moderator):
    client.post("/admin/login/", {"username": moderator.email, "password": DEFAULT_PASSWORD})

    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_the_wagtail_admin_sends_a_visitor_to_the_sites_sign_in(client):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
