"""Reactions, unread markers, anonymous posting, held posts, the crisis panel, search."""

import uuid

import pytest
from django.urls import reverse

from groups.models import Post, Reaction, Thread, ThreadReadMarker
from moderation.models import SafetyAlert
from tests.factories import (
    FacilitatorMembershipFactory,
    MembershipFactory,
    SupportGroupFactory,
)
from tests.groups.forum_helpers import reply_to, start_thread, thread_url

pytestmark = pytest.mark.django_db


def react(client, post, kind):
    return client.post(
        reverse("groups:react", args=[post.thread.group.slug, post.thread_id, post.pk]),
        {"kind": kind},
    )


def test_member_sends_support_to_a_post(member_client, group, member):
    post = reply_to(author=member, thread=start_thread(author=member, group=group))

    react(member_client, post, "support")

    assert Reaction.objects.filter(post=post, user=member, kind="support").count() == 1
    html = member_client.get(thread_url(post.thread)).content.decode()
    assert 'aria-pressed="true"' in html and "Sending support" in html


def test_reacting_twice_with_the_same_kind_takes_it_back(member_client, group, member):
    post = reply_to(author=member, thread=start_thread(author=member, group=group))

    react(member_client, post, "me_too")
    react(member_client, post, "me_too")

    assert not Reaction.objects.filter(post=post).exists()


def test_one_member_may_give_each_kind_once(member_client, group, member):
    post = reply_to(author=member, thread=start_thread(author=member, group=group))

    for kind in ("support", "me_too", "thank_you"):
        react(member_client, post, kind)

    assert sorted(Reaction.objects.filter(post=post).values_list("kind", flat=True)) == [
        "me_too",
        "support",
        "thank_you",
    ]


def test_unknown_reaction_kind_changes_nothing(member_client, group, member):
    post = reply_to(author=member, thread=start_thread(author=member, group=group))

    response = react(member_client, post, "angry")

    assert response.status_code == 302 and not Reaction.objects.exists()


def test_viewing_a_thread_records_how_far_the_member_has_read(member_client, group, member):
    thread = start_thread(author=member, group=group)
    last = reply_to(author=member, thread=thread)

    member_client.get(thread_url(thread))

    marker = ThreadReadMarker.objects.get(user=member, thread=thread)
    assert marker.last_read_post_id == last.pk


def test_thread_list_marks_threads_with_new_replies_until_read(client, group, member):
    thread = start_thread(author=member, group=group, title="Unread one")
    reader = MembershipFactory(group=group).user
    client.force_login(reader)
    client.get(thread_url(thread))
    reply_to(author=member, thread=thread)

    before = client.get(reverse("groups:detail", args=[group.slug])).content.decode()
    client.get(thread_url(thread))
    after = client.get(reverse("groups:detail", args=[group.slug])).content.decode()

    assert "tag-new" in before
    assert "tag-new" not in after


def test_read_marker_never_moves_backwards(member_client, group, member):
    thread = start_thread(author=member, group=group)
    for n in range(25):
        reply_to(author=member, thread=thread, body=f"r{n}")
    member_client.get(thread_url(thread) + "?page=2")

    member_client.get(thread_url(thread) + "?page=1")

    marker = ThreadReadMarker.objects.get(user=member, thread=thread)
    assert marker.last_read_post_id == Post.objects.filter(thread=thread).latest("id").pk


def test_the_read_marker_is_the_only_write_when_viewing_a_thread(
    member_client, group, member, queries_of
):
    thread = start_thread(author=member, group=group)
    reply_to(author=member, thread=thread)

    queries = queries_of(member_client, thread_url(thread))

    writes = [
        sql
        for sql in queries
        if sql.split()[0].upper() in {"INSERT", "UPDATE", "DELETE"} and "django_session" not in sql
    ]
    assert writes and all("groups_threadreadmarker" in sql for sql in writes)


def anonymous_group():
    group = SupportGroupFactory(allow_anonymous_posts=True)
    return group


def test_anonymous_post_shows_a_member_to_other_members(client):
    group = anonymous_group()
    author = MembershipFactory(group=group, user__username="shy_fern").user
    reader = MembershipFactory(group=group).user
    thread = start_thread(author=reader, group=group)
    reply_to(author=author, thread=thread, body="quietly", anonymous=True)
    client.force_login(reader)

    html = client.get(thread_url(thread)).content.decode()

    assert "quietly" in html and "a member" in html
    assert "shy_fern" not in html


def test_anonymous_post_is_attributed_for_facilitators(client):
    group = anonymous_group()
    author = MembershipFactory(group=group, user__username="shy_fern").user
    thread = start_thread(author=author, group=group, anonymous=True, body="quiet")
    client.force_login(FacilitatorMembershipFactory(group=group).user)

    html = client.get(thread_url(thread)).content.decode()

    assert "a member (shy_fern)" in html


def test_anonymous_posting_is_ignored_where_the_group_does_not_allow_it(group, member):
    thread = start_thread(author=member, group=group)

    post = reply_to(author=member, thread=thread, anonymous=True)

    assert post.anonymous is False


def test_held_post_is_hidden_from_members_and_shown_to_its_author_as_waiting(client):
    group = SupportGroupFactory(premoderated_post_count=2)
    veteran = FacilitatorMembershipFactory(group=group).user
    newcomer = MembershipFactory(group=group).user
    thread = start_thread(author=veteran, group=group)
    post = reply_to(author=newcomer, thread=thread, body="my first words here")
    other = MembershipFactory(group=group).user

    client.force_login(other)
    others_view = client.get(thread_url(thread)).content.decode()
    client.force_login(newcomer)
    own_view = client.get(thread_url(thread)).content.decode()

    assert post.held_for_review
    assert "my first words here" not in others_view
    assert "my first words here" in own_view
    assert "waiting for a facilitator" in own_view.lower()


def test_hidden_post_is_not_shown_to_ordinary_members(client, group, member):
    from django.utils import timezone

    thread = start_thread(author=member, group=group)
    post = reply_to(author=member, thread=thread, body="hidden words")
    Post.objects.filter(pk=post.pk).update(hidden_at=timezone.now())
    client.force_login(MembershipFactory(group=group).user)

    assert "hidden words" not in client.get(thread_url(thread)).content.decode()


def test_hidden_thread_is_404_for_members(client, group, member):
    from django.utils import timezone

    thread = start_thread(author=member, group=group)
    Thread.objects.filter(pk=thread.pk).update(hidden_at=timezone.now())
    client.force_login(MembershipFactory(group=group).user)

    assert client.get(thread_url(thread)).status_code == 404


CRISIS_TEXT = "I want to end my life tonight"


def test_crisis_words_in_a_reply_show_the_calm_panel_once_and_alert_responders(
    client, group, member, facilitator
):
    member.country = "GB"
    member.save()
    thread = start_thread(author=facilitator, group=group)
    client.force_login(member)

    response = client.post(
        reverse("groups:reply", args=[group.slug, thread.pk]),
        {"body": CRISIS_TEXT, "submission_id": uuid.uuid4()},
        follow=True,
    )
    again = client.get(thread_url(thread)).content.decode()

    html = response.content.decode()
    assert "data-crisis-panel" in html and "Samaritans" in html
    assert CRISIS_TEXT in html  # the words were still posted
    assert "data-crisis-panel" not in again
    alert = SafetyAlert.objects.get()
    assert alert.source == SafetyAlert.Source.POST and alert.subject == member


def test_crisis_words_in_a_thread_title_raise_a_thread_alert(member_client, group):
    member_client.post(
        reverse("groups:thread_new", args=[group.slug]),
        {"title": CRISIS_TEXT, "body": "hello", "submission_id": uuid.uuid4()},
    )

    assert SafetyAlert.objects.filter(source=SafetyAlert.Source.THREAD).exists()


def test_calm_reply_shows_no_panel(member_client, group, member):
    thread = start_thread(author=member, group=group)

    response = member_client.post(
        reverse("groups:reply", args=[group.slug, thread.pk]),
        {"body": "A better day today.", "submission_id": uuid.uuid4()},
        follow=True,
    )

    assert "data-crisis-panel" not in response.content.decode()
    assert not SafetyAlert.objects.exists()


def test_search_finds_posts_and_titles_in_my_groups(member_client, group, member):
    start_thread(author=member, group=group, title="Evenings are hard", body="body text")
    thread = start_thread(author=member, group=group, title="Other")
    reply_to(author=member, thread=thread, body="the garden helps me")

    by_title = member_client.get(reverse("groups:search"), {"q": "evenings"}).content.decode()
    by_body = member_client.get(reverse("groups:search"), {"q": "garden"}).content.decode()

    assert "Evenings are hard" in by_title
    assert "the garden helps me" in by_body


def test_search_never_returns_another_groups_posts(member_client, group, member):
    other = SupportGroupFactory()
    stranger = MembershipFactory(group=other).user
    start_thread(author=stranger, group=other, title="Elsewhere garden", body="garden secrets")
    start_thread(author=member, group=group, title="Mine", body="my garden")

    html = member_client.get(reverse("groups:search"), {"q": "garden"}).content.decode()

    assert "my garden" in html
    assert "garden secrets" not in html and "Elsewhere garden" not in html


def test_search_skips_groups_the_member_has_left(client, group, member):
    start_thread(author=member, group=group, title="Old garden thread", body="garden")
    client.force_login(member)
    client.post(reverse("groups:leave", args=[group.slug]))

    html = client.get(reverse("groups:search"), {"q": "garden"}).content.decode()

    assert "Old garden thread" not in html


def test_search_for_a_visitor_returns_nothing(client, group, member):
    start_thread(author=member, group=group, title="garden", body="garden")

    html = client.get(reverse("groups:search"), {"q": "garden"}).content.decode()

    assert "Nothing found in your groups." in html


def test_search_skips_held_and_hidden_posts(member_client, group, member):
    from django.utils import timezone

    thread = start_thread(author=member, group=group, title="t")
    post = reply_to(author=member, thread=thread, body="a hidden garden")
    Post.objects.filter(pk=post.pk).update(hidden_at=timezone.now())

    html = member_client.get(reverse("groups:search"), {"q": "hidden garden"}).content.decode()

    assert "a hidden garden" not in html


def test_search_within_one_group_only_returns_that_groups_posts(member_client, group, member):
    other = SupportGroupFactory()
    MembershipFactory(group=other, user=member)
    start_thread(author=member, group=other, title="Other garden", body="garden there")
    start_thread(author=member, group=group, title="This garden", body="garden here")

    html = member_client.get(reverse("groups:search"), {"q": "garden", "group": group.slug})

    assert "This garden" in html.content.decode()
    assert "Other garden" not in html.content.decode()


def test_search_within_a_group_the_member_is_not_in_is_404(member_client, member):
    stranger_group = SupportGroupFactory()

    response = member_client.get(
        reverse("groups:search"), {"q": "garden", "group": stranger_group.slug}
    )

    assert response.status_code == 404


def test_search_results_paginate_and_keep_the_query(member_client, group, member):
    thread = start_thread(author=member, group=group, title="t")
    for n in range(25):
        reply_to(author=member, thread=thread, body=f"garden note {n}")

    html = member_client.get(reverse("groups:search"), {"q": "garden note"}).content.decode()

    assert "?q=garden+note&amp;page=2" in html


def test_a_thread_whose_title_and_body_both_read_as_crisis_raises_one_alert(member_client, group):
    response = member_client.post(
        reverse("groups:thread_new", args=[group.slug]),
        {"title": CRISIS_TEXT, "body": CRISIS_TEXT, "submission_id": uuid.uuid4()},
        follow=True,
    )

    assert "data-crisis-panel" in response.content.decode()
    assert SafetyAlert.objects.count() == 1
