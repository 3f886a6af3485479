"""The review queue: who sees which items, in what order, within a fixed query budget."""

import pytest
from django.urls import reverse

from moderation.models import QueueItem
from moderation.services import moderator_preference_set, report_create
from tests.factories import MembershipFactory, ModeratorFactory

pytestmark = pytest.mark.django_db


def _report(group, *, reason="spam"):
    subject = MembershipFactory(group=group).user
    reporter = MembershipFactory(group=group).user
    report_create(reporter=reporter, target=subject, reason=reason, group=group)
    return QueueItem.objects.get(subject=subject)


def _report_each_kind(group, index: int) -> None:
    """A member, a forum post or a chat message, in turn: every kind of target on the page."""
    import uuid

    from chat.models import ChatMessage
    from chat.selectors import chat_access_for, main_room_for
    from chat.services import message_post
    from forum.services import thread_create

    author = MembershipFactory(group=group).user
    reporter = MembershipFactory(group=group).user
    if index % 3 == 0:
        target = author
    elif index % 3 == 1:
        target = thread_create(
            author=author, group=group, title="t", body="b", content_warning="abuse"
        ).post
    else:
        access = chat_access_for(user=author, group=group)
        frame = message_post(
            author=author,
            access=access,
            room=main_room_for(group),
            body="m",
            client_id=str(uuid.uuid4()),
        ).frame
        target = ChatMessage.objects.get(room__group=group, seq=frame["id"])
    report_create(reporter=reporter, target=target, reason="spam", group=group)


def test_facilitator_sees_only_their_groups_items(facilitator_client, group, other_group):
    mine, theirs = _report(group), _report(other_group)

    html = facilitator_client.get(reverse("moderation:group_queue", args=[group.slug])).content

    assert f'id="item-{mine.pk}"'.encode() in html
    assert f'id="item-{theirs.pk}"'.encode() not in html


def test_facilitator_gets_404_for_another_groups_queue(facilitator_client, other_group):
    response = facilitator_client.get(reverse("moderation:group_queue", args=[other_group.slug]))

    assert response.status_code == 404


def test_facilitator_gets_404_for_the_site_wide_queue(facilitator_client):
    assert facilitator_client.get(reverse("moderation:queue")).status_code == 404


def test_member_gets_404_for_the_group_queue(member_client, group):
    assert (
        member_client.get(reverse("moderation:group_queue", args=[group.slug])).status_code == 404
    )


def test_unknown_group_queue_is_404(facilitator_client):
    assert facilitator_client.get("/moderation/groups/no-such-group/").status_code == 404


def test_moderator_sees_every_groups_items_safety_first_then_oldest(
    moderator_client, group, other_group
):
    older = _report(group, reason="spam")
    newer_safety = _report(other_group, reason="risk_of_harm")
    newest = _report(group, reason="spam")

    html = moderator_client.get(reverse("moderation:queue")).content.decode()

    positions = [html.index(f'id="item-{item.pk}"') for item in (newer_safety, older, newest)]
    assert positions == sorted(positions)


def test_items_about_the_viewer_are_not_in_their_queue(client, group, facilitator):
    reporter = MembershipFactory(group=group).user
    report_create(reporter=reporter, target=facilitator, reason="harassment", group=group)
    item = QueueItem.objects.get()
    client.force_login(facilitator)

    html = client.get(reverse("moderation:group_queue", args=[group.slug])).content

    assert f'id="item-{item.pk}"'.encode() not in html


def test_group_queue_include_renders_for_the_facilitator_console(rf, group, facilitator):
    from django.template.loader import render_to_string

    item = _report(group)
    request = rf.get("/groups/x/manage/")
    request.user = facilitator

    html = render_to_string(
        "moderation/includes/group_queue.html", {"group": group}, request=request
    )

    assert f'id="item-{item.pk}"' in html


def test_group_queue_include_asks_a_moderator_for_two_factor_first(rf, group, moderator):
    from django.contrib.sessions.backends.db import SessionStore
    from django.template.loader import render_to_string

    item = _report(group)
    request = rf.get("/groups/x/manage/")
    request.user = moderator
    request.session = SessionStore()

    html = render_to_string(
        "moderation/includes/group_queue.html", {"group": group}, request=request
    )

    assert f'id="item-{item.pk}"' not in html
    assert "two-factor" in html


def test_group_queue_include_is_empty_for_a_member(rf, group, member):
    from django.template.loader import render_to_string

    item = _report(group)
    request = rf.get("/")
    request.user = member

    html = render_to_string(
        "moderation/includes/group_queue.html", {"group": group}, request=request
    )

    assert f'id="item-{item.pk}"' not in html


def test_moderator_opting_out_of_spam_no_longer_sees_spam_items(moderator_client, moderator, group):
    spam, harassment = _report(group, reason="spam"), _report(group, reason="harassment")
    moderator_preference_set(actor=moderator, hidden_reasons=["spam"])

    html = moderator_client.get(reverse("moderation:queue")).content.decode()

    assert f'id="item-{spam.pk}"' not in html
    assert f'id="item-{harassment.pk}"' in html


def test_safety_items_stay_visible_when_every_moderator_opted_out(
    moderator_client, moderator, group
):
    safety = _report(group, reason="risk_of_harm")
    moderator_preference_set(actor=moderator, hidden_reasons=["risk_of_harm"])

    html = moderator_client.get(reverse("moderation:queue")).content.decode()

    assert f'id="item-{safety.pk}"' in html


def test_safety_items_hide_for_an_opted_out_moderator_when_another_still_sees_them(
    moderator_client, moderator, group
):
    ModeratorFactory()
    safety = _report(group, reason="risk_of_harm")
    moderator_preference_set(actor=moderator, hidden_reasons=["risk_of_harm"])

    html = moderator_client.get(reverse("moderation:queue")).content.decode()

    assert f'id="item-{safety.pk}"' not in html


def test_preferences_page_saves_the_choice(moderator_client, moderator):
    response = moderator_client.post(
        reverse("moderation:preferences"), {"hidden_reasons": ["spam", "other"]}
    )

    assert response.status_code == 302
    assert sorted(moderator.moderator_preference.hidden_reasons) == ["other", "spam"]


QUEUE_QUERY_BUDGET = 16


@pytest.mark.parametrize("count", [5, 50])
def test_moderation_queue_stays_within_its_query_budget(
    moderator_client, group, count, django_assert_max_num_queries
):
    group.premoderated_post_count = 0
    group.save()
    for index in range(count):
        _report_each_kind(group, index)

    with django_assert_max_num_queries(QUEUE_QUERY_BUDGET):
        assert moderator_client.get(reverse("moderation:queue")).status_code == 200


def test_moderation_queue_query_count_is_the_same_for_5_and_50_items(
    moderator_client, group, queries_of
):
    group.premoderated_post_count = 0
    group.save()
    for index in range(5):
        _report_each_kind(group, index)
    queries_of(
        moderator_client, reverse("moderation:queue")
    )  # warm the per-process caches (content types)
    with_five = len(queries_of(moderator_client, reverse("moderation:queue")))
    for index in range(5, 50):
        _report_each_kind(group, index)

    with_fifty = len(queries_of(moderator_client, reverse("moderation:queue")))

    assert with_fifty == with_five
