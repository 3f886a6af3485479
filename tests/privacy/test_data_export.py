"""``/me/export/``: a streamed JSON copy of what the member wrote or set, and nothing of others."""

import json

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from community.accounts.services import block_create, keep_apart_add
from notifications.models import EmailPreference, Notification
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def download(client) -> tuple[StreamingHttpResponse, dict]:
    response = client.get(reverse("accounts:export"), {"download": "1"})
    body = b"".join(response.streaming_content).decode()
    return response, json.loads(body)


def test_export_page_explains_what_the_download_holds(member_client):
    response = member_client.get(reverse("accounts:export"))

    assert response.status_code == 200
    assert "Download my data" in response.content.decode()


def test_export_is_a_streamed_json_attachment(member_client):
    response, data = download(member_client)

    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    assert data["format"] == "community-export/1"


def test_export_holds_profile_memberships_and_notification_settings(member_client, member, group):
    member.country = "IE"
    member.save()
    EmailPreference.objects.create(user=member, kind=Notification.Kind.REPLY, email=True)

    _response, data = download(member_client)
    sections = data["sections"]

    assert sections["profile"] == [
        {
            "pseudonym": member.username,
            "email": member.email,
            "date_joined": sections["profile"][0]["date_joined"],
            "last_login": sections["profile"][0]["last_login"],
            "country": "IE",
            "neutral_tab_title": False,
        }
    ]
    assert [m["group_slug"] for m in sections["memberships"]] == [group.slug]
    assert sections["memberships"][0]["state"] == "active"
    reply = next(s for s in sections["notification_settings"] if s["kind"] == "reply")
    assert reply == {"kind": "reply", "email": True, "chosen": True}


def test_export_lists_the_members_own_blocks_and_keep_apart_entries(member_client, member):
    blocked = UserFactory(username="loud_neighbour")
    apart = UserFactory(username="known_elsewhere")
    block_create(user=member, pseudonym=blocked.username)
    keep_apart_add(user=member, pseudonym=apart.username)

    _response, data = download(member_client)

    assert [b["pseudonym"] for b in data["sections"]["blocked_members"]] == ["loud_neighbour"]
    assert [k["pseudonym"] for k in data["sections"]["kept_apart_from"]] == ["known_elsewhere"]


def test_export_holds_nothing_about_other_members_of_the_same_group(member_client, group):
    other = MembershipFactory(
        group=group, user=UserFactory(username="fellow_member", email="fellow@example.org")
    ).user
    keep_apart_add(user=other, pseudonym=member_client.get("/me/").context["user"].username)

    _response, data = download(member_client)
    text = json.dumps(data)

    assert "fellow@example.org" not in text
    assert "fellow_member" not in text


def test_export_needs_a_signed_in_member(client):
    response = client.get(reverse("accounts:export"), {"download": "1"})

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_every_app_privacy_module_offers_export_and_erase():
    from community.privacy import privacy_modules

    modules = privacy_modules()

    assert {"community.accounts.privacy", "groups.privacy", "notifications.privacy"} <= {
        m.name for m in modules
    }
    for module in modules:
        assert module.export_sections is not None, module.name
        assert module.erase is not None, module.name
