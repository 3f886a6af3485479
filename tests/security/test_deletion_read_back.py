"""Deleting an account leaves nothing of the person behind (issue 20, finding 7).

A member goes through every place the site writes about people (threads, replies, quotes of
them in other members' posts, chat, reports, safety alerts, check-in requests, a one-to-one
check-in, a mute, a warning, keep-apart and safety requests, the Django admin's history), then
deletes the account. Every column of every table is then read back from the raw database, cast
to text: their pseudonym and email must be nowhere, and with "erase" neither may their words.

What the audit keeps on purpose is listed in ``KEPT_ON_PURPOSE`` (and in the README).
"""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from chat.selectors import chat_access_for, main_room_for
from chat.services import checkin_request, member_mute, message_post, side_room_open
from community.accounts.services import account_delete, keep_apart_add
from community.ratelimit import rate_limit_reset
from forum.services import post_create, thread_create, thread_subscription_set
from groups.quotes import quote_block
from moderation.separation import separation_request_create
from moderation.services import member_warn, report_create
from tests.factories import DEFAULT_PASSWORD, MembershipFactory, ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db

PSEUDONYM = "Zqvanishing"
WORDS = {
    "thread title": "zqtitleword",
    "post": "zqpostword",
    "anonymous post": "zqanonword",
    "chat": "zqchatword",
    "request message": "zqrequestword",
    "safety request note": "zqseparationnote",
}
# A report a member made may still matter to an open queue item: its note stays, with the
# reporter's name gone (README, "What deletion removes").
KEPT_ON_PURPOSE = {"zqreportnote"}


def _journey(group, facilitator):
    person = UserFactory(username=PSEUDONYM, email="zq.vanishing@example.org")
    MembershipFactory(group=group, user=person, request_message=WORDS["request message"])
    friend = MembershipFactory(group=group, user=UserFactory(username="friend_b")).user
    moderator = ModeratorFactory(totp=True)

    opening = thread_create(
        author=person,
        group=group,
        title=f"About {WORDS['thread title']}",
        body=f"My {WORDS['post']} here.",
    ).post
    thread = opening.thread
    thread_subscription_set(user=friend, thread=thread, state="following")
    rate_limit_reset(scope="post", key=person.pk)
    reply = post_create(author=person, thread=thread, body=f"Also {WORDS['post']} again.").post
    anonymous = post_create(
        author=person, thread=thread, body=f"Quietly {WORDS['anonymous post']}.", anonymous=True
    ).post
    rate_limit_reset(scope="post", key=friend.pk)
    post_create(
        author=friend,
        thread=thread,
        body=quote_block(name=person.username, body=reply.body) + "I hear you.",
    )
    post_create(
        author=friend,
        thread=thread,
        body=quote_block(name="a member", body=anonymous.body) + "Same here.",
    )
    rate_limit_reset(scope="post", key=person.pk)
    post_create(author=person, thread=thread, body="I want to end my life tonight.")

    room = main_room_for(group)
    access = chat_access_for(user=person, group=group)
    message_post(
        author=person, access=access, room=room, body=f"Hi {WORDS['chat']}", client_id="c1"
    )
    checkin_request(user=person, access=access, group=group)
    facilitator_access = chat_access_for(user=facilitator, group=group)
    side_room_open(
        actor=facilitator, access=facilitator_access, group=group, pseudonym=person.username
    )
    member_mute(
        actor=facilitator,
        access=facilitator_access,
        group=group,
        pseudonym=person.username,
        minutes=5,
    )
    report_create(reporter=person, target=friend, reason="other", note="zqreportnote", group=group)
    report_create(reporter=friend, target=person, reason="other", note="about them", group=group)
    member_warn(actor=moderator, member=person, group=group, reason=f"Please, {PSEUDONYM}.")
    keep_apart_add(user=person, pseudonym=friend.username)
    keep_apart_add(user=friend, pseudonym=person.username)
    separation_request_create(
        requester=person, pseudonym=friend.username, note=WORDS["safety request note"]
    )
    LogEntry.objects.create(
        user=moderator,
        content_type=ContentType.objects.get_for_model(person),
        object_id=str(person.pk),
        object_repr=person.username,
        action_flag=CHANGE,
        change_message="[]",
    )
    return person


def _scan(tokens) -> dict[str, list[str]]:
    """For each token, every ``table.column`` whose text contains it (case-insensitive).

    Reads every column of every table in the database, cast to text, a table at a time.
    """
    tokens = [token.lower() for token in tokens]
    found: dict[str, list[str]] = {token: [] for token in tokens}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [
                c.name for c in connection.introspection.get_table_description(cursor, table)
            ]
            selected = ", ".join(
                f"CAST({connection.ops.quote_name(column)} AS TEXT)" for column in columns
            )
            cursor.execute(f"SELECT {selected} FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    text = (value or "").lower()
                    for token in tokens:
                        where = f"{table}.{column}"
                        if token in text and where not in found[token]:
                            found[token].append(where)
    return found


def test_the_journey_really_writes_the_person_everywhere(group, facilitator):
    """The read-back is not blind: before deletion the name and words are found."""
    _journey(group, facilitator)

    found = _scan([PSEUDONYM, *WORDS.values()])
    assert len(found[PSEUDONYM.lower()]) >= 8
    assert [word for word in WORDS.values() if not found[word]] == []


@pytest.mark.parametrize("posts_mode", ["erase", "anonymise"])
def test_after_deletion_no_column_of_any_table_holds_their_name_or_email(
    group, facilitator, posts_mode
):
    person = _journey(group, facilitator)

    account_delete(user=person, password=DEFAULT_PASSWORD, posts_mode=posts_mode)

    found = _scan([PSEUDONYM, "zq.vanishing@example.org"])
    assert found == {PSEUDONYM.lower(): [], "zq.vanishing@example.org": []}


def test_after_erase_no_column_of_any_table_holds_their_words(group, facilitator):
    person = _journey(group, facilitator)

    account_delete(user=person, password=DEFAULT_PASSWORD, posts_mode="erase")

    leftovers = _scan([*WORDS.values(), *KEPT_ON_PURPOSE])
    assert {word: where for word, where in leftovers.items() if where} == {
        "zqreportnote": ["moderation_report.note"]
    }


def test_other_members_notifications_and_quotes_say_former_member(group, facilitator):
    from groups.models import Post
    from notifications.models import Notification

    person = _journey(group, facilitator)

    account_delete(user=person, password=DEFAULT_PASSWORD, posts_mode="anonymise")

    texts = [notification.text for notification in Notification.objects.all()]
    assert any(text.startswith("former member replied") for text in texts)
    assert any("Safety alert: former member" in text for text in texts)
    assert any(text.startswith("former member would like") for text in texts)
    quoting = Post.objects.filter(author__username="friend_b", body__contains="I hear you")
    assert quoting.get().body.startswith("> **former member:**\n> Also zqpostword again.")
