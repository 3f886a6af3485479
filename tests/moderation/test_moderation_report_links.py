"""Members report a chat message or a member from where they meet them, and stay unnamed.

A chat client knows a message by its group, its side room's token (none for the main room) and
the frame's ``id`` (the per-room sequence number), never by its database id: the report page
finds the message from those, for people who may read that room alone (chat/PROTOCOL.md).
"""

import re
import uuid
from html import unescape
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.urls import reverse

from chat.models import ChatMessage, ChatRoom
from chat.selectors import chat_access_for, main_room_for
from chat.services import message_post
from community.accounts.services import keep_apart_add
from groups.models import Membership
from moderation.models import QueueItem, Report
from moderation.services import content_delete, member_warn
from notifications.models import Notification
from tests.factories import MembershipFactory, SupportGroupFactory, UserFactory

pytestmark = pytest.mark.django_db


def _say(author, group, body="hello there", room=None) -> ChatMessage:
    room = room or main_room_for(group)
    result = message_post(
        author=author,
        access=chat_access_for(user=author, group=group),
        room=room,
        body=body,
        client_id=str(uuid.uuid4()),
    )
    return ChatMessage.objects.get(room=room, seq=result.frame["id"])


def _side_room(group, *, facilitator, member) -> ChatRoom:
    return ChatRoom.objects.create(
        group=group, kind=ChatRoom.Kind.SIDE, side_facilitator=facilitator, side_member=member
    )


def _report_url(message: ChatMessage, *, next_url: str = "", with_token: bool = True) -> str:
    """The link chat.js builds for a message frame."""
    params = {"type": "message", "group": message.room.group.slug, "id": message.seq}
    if with_token and message.room.kind == ChatRoom.Kind.SIDE:
        params["room"] = message.room.token
    if next_url:
        params["next"] = next_url
    return f"{reverse('moderation:report')}?{urlencode(params)}"


def _hidden_fields(html: str) -> dict[str, str]:
    """The report form's own hidden fields (the page's other forms, like the language
    switcher's, carry fields of the same names)."""
    form = html.split('action="/moderation/report/"', 1)[1].split("</form>", 1)[0]
    return {
        name: unescape(value)
        for name, value in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form)
    }


def _report_links(html: str) -> list[str]:
    return [unescape(link) for link in re.findall(r'href="([^"]*/moderation/report/[^"]*)"', html)]


def _query(link: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(link).query).items()}


def _send_form(client, page, **fields):
    return client.post(reverse("moderation:report"), {**_hidden_fields(page), **fields})


# --- chat messages --------------------------------------------------------------------------


def test_a_room_member_reports_a_chat_message_by_its_frame_id_and_one_report_lands_on_it(
    client, group, member, second_member
):
    elsewhere = SupportGroupFactory()
    someone = MembershipFactory(group=elsewhere).user
    _say(someone, elsewhere)
    _say(someone, elsewhere)  # database ids now run ahead of this room's frame ids
    _say(member, group, body="first")
    message = _say(member, group, body="second")
    assert message.pk != message.seq
    chat_url = reverse("chat:room", args=[group.slug])
    client.force_login(second_member)

    page = client.get(_report_url(message, next_url=chat_url))

    assert page.status_code == 200
    html = page.content.decode()
    assert "You are reporting chat message." in html
    fields = _hidden_fields(html)
    assert fields["type"] == "message" and fields["id"] == str(message.seq)
    assert fields["group"] == group.slug and fields["next"] == chat_url and "room" not in fields
    response = _send_form(client, html, reason="harassment", note="unkind to me")
    assert response.status_code == 302
    assert response["Location"] == chat_url
    report = Report.objects.get()
    assert report.reporter == second_member and report.note == "unkind to me"
    assert report.item.target == message
    assert report.item.subject == member and report.item.group == group


@pytest.mark.parametrize("who", ["outsider", "member_of_another_group", "removed", "requested"])
def test_someone_who_may_not_read_the_room_gets_404_for_the_same_chat_message_report_url(
    client, group, member, who
):
    message = _say(member, group)
    if who == "outsider":
        person = UserFactory()
    elif who == "member_of_another_group":
        person = MembershipFactory(group=SupportGroupFactory()).user
    else:
        person = MembershipFactory(group=group, state=who).user
    client.force_login(person)
    url = _report_url(message, next_url=reverse("chat:room", args=[group.slug]))

    assert client.get(url).status_code == 404
    fields = {"type": "message", "group": group.slug, "id": message.seq, "reason": "spam"}
    assert client.post(reverse("moderation:report"), fields).status_code == 404
    assert not Report.objects.exists() and not QueueItem.objects.exists()


def test_a_side_room_message_is_reported_by_its_token_and_only_by_the_two_people_in_it(
    client, group, member, facilitator, second_member
):
    _say(second_member, group)  # the main room has a message with the same frame id
    side = _side_room(group, facilitator=facilitator, member=member)
    message = _say(facilitator, group, body="a private word", room=side)
    assert message.seq == 1
    chat_url = f"{reverse('chat:room', args=[group.slug])}?room={side.token}"

    client.force_login(second_member)
    assert client.get(_report_url(message)).status_code == 404

    client.force_login(member)
    page = client.get(_report_url(message, next_url=chat_url))
    assert page.status_code == 200
    assert _hidden_fields(page.content.decode())["room"] == side.token
    response = _send_form(client, page.content.decode(), reason="other")

    assert response.status_code == 302 and response["Location"] == chat_url
    item = QueueItem.objects.get()
    assert item.target == message and item.subject == facilitator


def test_a_removed_message_or_one_by_someone_kept_apart_cannot_be_reported(
    client, group, member, second_member, facilitator
):
    removed = _say(member, group, body="gone soon")
    content_delete(actor=facilitator, target=removed)
    third = MembershipFactory(group=group).user
    apart = _say(third, group)
    keep_apart_add(user=second_member, pseudonym=third.username)
    client.force_login(second_member)

    assert client.get(_report_url(removed)).status_code == 404
    assert client.get(_report_url(apart)).status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {"type": "message", "id": "1"},
        {"type": "message", "group": "no-such-group", "id": "1"},
        {"type": "message", "group": "{slug}", "id": "²"},
        {"type": "message", "group": "{slug}", "id": "99999999999999999999999"},
        {"type": "message", "group": "{slug}", "id": "7"},
        {"type": "message", "group": "{slug}", "id": "1", "room": "not-a-token"},
        {"type": "post", "id": "²"},
    ],
)
def test_a_chat_message_report_with_a_wrong_reference_is_404_not_500(
    member_client, group, member, params
):
    MembershipFactory(group=group)
    _say(MembershipFactory(group=group).user, group)
    params = {key: value.replace("{slug}", group.slug) for key, value in params.items()}

    assert member_client.get(reverse("moderation:report"), params).status_code == 404


def test_the_chat_page_gives_its_script_what_a_report_link_needs(
    client, group, member, facilitator
):
    side = _side_room(group, facilitator=facilitator, member=member)
    client.force_login(member)

    main = client.get(reverse("chat:room", args=[group.slug])).content.decode()
    private = client.get(
        reverse("chat:room", args=[group.slug]), {"room": side.token}
    ).content.decode()

    assert f'data-report-url="{reverse("moderation:report")}"' in main
    assert f'data-group="{group.slug}"' in main and 'data-side-room=""' in main
    assert f'data-side-room="{side.token}"' in private
    assert '"report": "Report"' in main and '"reportWhat": "this message by %s"' in main


# --- members --------------------------------------------------------------------------------


def test_the_member_list_offers_report_this_member_for_everyone_else_and_the_report_lands_on_them(
    client, group, member, facilitator, second_member
):
    members_url = reverse("groups:members", args=[group.slug])
    client.force_login(second_member)

    html = client.get(members_url).content.decode()

    assert "Report this member" in html
    links = {_query(link)["id"]: link for link in _report_links(html)}
    assert set(links) == {member.username, facilitator.username}
    query = _query(links[member.username])
    assert query == {
        "type": "member",
        "id": member.username,
        "group": group.slug,
        "next": members_url,
    }
    page = client.get(links[member.username])
    assert page.status_code == 200
    response = _send_form(client, page.content.decode(), reason="harassment")
    assert response.status_code == 302 and response["Location"] == members_url
    item = QueueItem.objects.get()
    assert item.subject == member and item.group == group
    assert Report.objects.get().reporter == second_member


def test_reporting_a_member_of_a_group_one_is_not_in_is_404(client, group, member):
    stranger = MembershipFactory(group=SupportGroupFactory())
    client.force_login(member)

    for group_slug in (stranger.group.slug, group.slug):
        params = {"type": "member", "id": stranger.user.username, "group": group_slug}
        assert client.get(reverse("moderation:report"), params).status_code == 404
    assert not QueueItem.objects.exists()


def test_the_reported_member_never_learns_who_reported_their_chat_message_or_them(
    client, group, member, facilitator
):
    reporter = UserFactory(username="distinctive_reporter")
    MembershipFactory(group=group, user=reporter)
    message = _say(member, group, body="something unkind")
    client.force_login(reporter)
    page = client.get(_report_url(message)).content.decode()
    _send_form(client, page, reason="harassment", note="distinctive_reporter was hurt")
    page = client.get(
        reverse("moderation:report"),
        {"type": "member", "id": member.username, "group": group.slug},
    ).content.decode()
    _send_form(client, page, reason="harassment", note="again")
    assert Report.objects.filter(reporter=reporter).count() == 2

    content_delete(actor=facilitator, target=message, reason="Please be kind.")
    member_item = QueueItem.objects.get(state=QueueItem.State.OPEN)  # the message's is resolved
    member_warn(
        actor=facilitator, member=member, group=group, reason="Please be kind.", item=member_item
    )

    texts = [n.text for n in Notification.objects.filter(recipient=member)]
    assert len(texts) == 2
    assert all("distinctive_reporter" not in text for text in texts)
    client.force_login(member)
    for url in [
        reverse("accounts:notifications"),
        reverse("accounts:profile"),
        reverse("chat:room", args=[group.slug]),
    ]:
        assert "distinctive_reporter" not in client.get(url).content.decode()
    export = client.get(reverse("accounts:export"), {"download": "1"})
    assert b"distinctive_reporter" not in b"".join(export.streaming_content)
    assert Membership.objects.get(user=member, group=group).is_active
