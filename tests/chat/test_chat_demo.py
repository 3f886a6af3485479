"""``seed_demo``'s chat part: an always-open room, a weekly session and a few messages."""

import io

import pytest

from chat import demo
from chat.models import ChatMessage, ChatRoom, GroupSession
from community.demo import DemoUsers
from tests.factories import FacilitatorMembershipFactory, MembershipFactory, SupportGroupFactory

pytestmark = pytest.mark.django_db


def demo_people():
    group = SupportGroupFactory(slug=demo.DEMO_GROUP_SLUG, chat_availability="sessions")
    users = DemoUsers(
        moderator=None,
        facilitator=FacilitatorMembershipFactory(group=group).user,
        members=[MembershipFactory(group=group).user for _ in range(2)],
    )
    return group, users


def test_the_demo_group_gets_an_open_room_a_weekly_session_and_messages():
    group, users = demo_people()

    demo.seed(users=users, stdout=io.StringIO())

    group.refresh_from_db()
    assert group.chat_availability == "always"
    room = ChatRoom.objects.get(group=group, kind="main")
    assert not room.locked
    session = GroupSession.objects.get(group=group)
    assert session.recurrence == "weekly"
    assert list(ChatMessage.objects.values_list("seq", flat=True)) == [1, 2, 3, 4]


def test_seeding_the_demo_chat_twice_changes_nothing():
    _group, users = demo_people()

    demo.seed(users=users, stdout=io.StringIO())
    demo.seed(users=users, stdout=io.StringIO())

    assert GroupSession.objects.count() == 1
    assert ChatMessage.objects.count() == 4


def test_without_the_demo_group_the_seeder_creates_nothing_and_says_so():
    out = io.StringIO()

    demo.seed(users=DemoUsers(moderator=None, facilitator=None), stdout=out)

    assert "no group" in out.getvalue()
    assert ChatRoom.objects.count() == 0
