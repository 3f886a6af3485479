"""The forum: threads, replies, Markdown, content warnings, edits, quotes, bad input."""

import uuid

import pytest
from django.urls import reverse

from groups.models import Post, PostRevision, Thread
from tests.factories import FacilitatorMembershipFactory, MembershipFactory
from tests.groups.forum_helpers import reply_to, start_thread, thread_url

pytestmark = pytest.mark.django_db


def test_member_starts_a_thread_and_lands_on_it(member_client, group):
    response = member_client.post(
        reverse("groups:thread_new", args=[group.slug]),
        {
            "title": "Sleeping again",
            "body": "Some nights are better.",
            "submission_id": uuid.uuid4(),
        },
    )

    thread = Thread.objects.get(group=group)
    assert response.status_code == 302
    assert response["Location"] == thread_url(thread)
    page = member_client.get(thread_url(thread)).content.decode()
    assert "Sleeping again" in page and "Some nights are better." in page


def test_reply_appears_in_the_thread_for_other_members(client, group, member):
    thread = start_thread(author=member, group=group)
    other = MembershipFactory(group=group).user
    client.force_login(other)

    response = client.post(
        reverse("groups:reply", args=[group.slug, thread.pk]),
        {"body": "I hear you.", "submission_id": uuid.uuid4()},
        follow=True,
    )

    assert response.status_code == 200
    assert "I hear you." in response.content.decode()


def test_markdown_is_rendered_and_html_in_posts_is_shown_as_text(group, member):
    thread = start_thread(author=member, group=group)
    post = reply_to(
        author=member,
        thread=thread,
        body=(
            "**brave** <script>alert(1)</script> <img src=x onerror=alert(1)> "
            "[x](javascript:alert(1))"
        ),
    )

    assert "<strong>brave</strong>" in post.body_html
    assert "<script" not in post.body_html and "<img" not in post.body_html
    assert 'href="javascript' not in post.body_html
    assert post.body.startswith("**brave**")


def test_links_in_posts_carry_nofollow_ugc_noopener(group, member):
    post = reply_to(
        author=member,
        thread=start_thread(author=member, group=group),
        body="see https://example.org/help",
    )

    assert 'rel="nofollow ugc noopener"' in post.body_html


def test_post_with_content_warning_is_folded_behind_details_summary(member_client, group, member):
    thread = start_thread(author=member, group=group)
    reply_to(author=member, thread=thread, body="The hard part.", content_warning="self_harm")

    html = member_client.get(thread_url(thread)).content.decode()

    assert "<details" in html and "Content warning: self-harm" in html
    details = html.split("<details", 1)[1].split("</details>", 1)[0]
    assert "The hard part." in details


def test_empty_post_gets_a_form_error_and_nothing_is_saved(member_client, group, member):
    thread = start_thread(author=member, group=group)

    response = member_client.post(
        reverse("groups:reply", args=[group.slug, thread.pk]),
        {"body": "   ", "submission_id": uuid.uuid4()},
    )

    assert response.status_code == 400
    assert "Please write something before posting." in response.content.decode()
    assert Post.objects.filter(thread=thread).count() == 1


def test_over_long_post_gets_a_form_error(member_client, group, member):
    thread = start_thread(author=member, group=group)

    response = member_client.post(
        reverse("groups:reply", args=[group.slug, thread.pk]),
        {"body": "x" * 20_001, "submission_id": uuid.uuid4()},
    )

    assert response.status_code == 400
    assert "up to 20,000 characters" in response.content.decode()
    assert Post.objects.filter(thread=thread).count() == 1


def test_post_of_exactly_twenty_thousand_characters_is_accepted(member_client, group, member):
    thread = start_thread(author=member, group=group)

    response = member_client.post(
        reverse("groups:reply", args=[group.slug, thread.pk]),
        {"body": "y" * 20_000, "submission_id": uuid.uuid4()},
    )

    assert response.status_code == 302
    assert Post.objects.filter(thread=thread).count() == 2


def test_over_long_title_gets_a_form_error(member_client, group):
    response = member_client.post(
        reverse("groups:thread_new", args=[group.slug]),
        {"title": "t" * 201, "body": "fine", "submission_id": uuid.uuid4()},
    )

    assert response.status_code == 400
    assert "Titles can be up to 200 characters" in response.content.decode()
    assert not Thread.objects.exists()


def test_double_submit_of_a_reply_creates_one_post(member_client, group, member):
    thread = start_thread(author=member, group=group)
    data = {"body": "Sent twice by a shaky connection.", "submission_id": uuid.uuid4()}
    url = reverse("groups:reply", args=[group.slug, thread.pk])

    first = member_client.post(url, data)
    second = member_client.post(url, data)

    assert Post.objects.filter(thread=thread, is_opening=False).count() == 1
    assert first["Location"] == second["Location"]


def test_double_submit_of_a_new_thread_creates_one_thread(member_client, group):
    data = {"title": "Once", "body": "Only once.", "submission_id": uuid.uuid4()}
    url = reverse("groups:thread_new", args=[group.slug])

    member_client.post(url, data)
    member_client.post(url, data)

    assert Thread.objects.filter(group=group).count() == 1


def test_reply_to_a_locked_thread_is_refused_with_a_clear_message(member_client, group, member):
    thread = start_thread(author=member, group=group)
    Thread.objects.filter(pk=thread.pk).update(locked=True)

    response = member_client.post(
        reverse("groups:reply", args=[group.slug, thread.pk]),
        {"body": "Can I still reply?", "submission_id": uuid.uuid4()},
    )

    assert response.status_code == 403
    assert "This thread is locked" in response.content.decode()
    assert Post.objects.filter(thread=thread).count() == 1


def test_posting_after_leaving_the_group_is_refused_and_keeps_the_text(client, group, member):
    thread = start_thread(author=member, group=group)
    client.force_login(member)
    client.post(reverse("groups:leave", args=[group.slug]))

    response = client.post(
        reverse("groups:reply", args=[group.slug, thread.pk]),
        {"body": "Words I do not want to lose", "submission_id": uuid.uuid4()},
    )

    html = response.content.decode()
    assert response.status_code == 404
    assert "You have left this group" in html
    assert "Words I do not want to lose" in html
    assert Post.objects.filter(thread=thread).count() == 1


def test_author_edits_and_earlier_text_is_kept_as_a_revision(member_client, group, member):
    thread = start_thread(author=member, group=group)
    post = reply_to(author=member, thread=thread, body="first words")

    member_client.post(
        reverse("groups:post_edit", args=[group.slug, thread.pk, post.pk]),
        {"body": "better words"},
    )

    post.refresh_from_db()
    assert post.body == "better words" and post.edited_at is not None
    assert list(PostRevision.objects.filter(post=post).values_list("body", flat=True)) == [
        "first words"
    ]


def test_edit_history_is_visible_to_facilitators(client, group, member, facilitator):
    thread = start_thread(author=member, group=group)
    post = reply_to(author=member, thread=thread, body="first words")
    client.force_login(member)
    client.post(reverse("groups:post_edit", args=[group.slug, thread.pk, post.pk]), {"body": "new"})
    client.force_login(facilitator)

    response = client.get(reverse("groups:post_history", args=[group.slug, thread.pk, post.pk]))

    assert response.status_code == 200
    assert "first words" in response.content.decode()


def test_edit_history_is_not_visible_to_other_members_or_the_author(client, group, member):
    thread = start_thread(author=member, group=group)
    post = reply_to(author=member, thread=thread, body="first words")
    client.force_login(member)
    client.post(reverse("groups:post_edit", args=[group.slug, thread.pk, post.pk]), {"body": "new"})
    url = reverse("groups:post_history", args=[group.slug, thread.pk, post.pk])

    assert client.get(url).status_code == 404
    client.force_login(MembershipFactory(group=group).user)
    assert client.get(url).status_code == 404
    assert "first words" not in client.get(thread_url(thread)).content.decode()


def test_another_member_cannot_edit_a_post(client, group, member):
    thread = start_thread(author=member, group=group)
    post = reply_to(author=member, thread=thread, body="mine")
    client.force_login(MembershipFactory(group=group).user)

    response = client.post(
        reverse("groups:post_edit", args=[group.slug, thread.pk, post.pk]), {"body": "theirs"}
    )

    post.refresh_from_db()
    assert response.status_code == 404
    assert post.body == "mine"


def test_author_removes_a_post_softly_and_others_see_a_placeholder(client, group, member):
    thread = start_thread(author=member, group=group)
    post = reply_to(author=member, thread=thread, body="please forget this")
    client.force_login(member)

    client.post(reverse("groups:post_delete", args=[group.slug, thread.pk, post.pk]))

    post.refresh_from_db()
    assert post.removed_at is not None and post.body == "please forget this"
    client.force_login(MembershipFactory(group=group).user)
    html = client.get(thread_url(thread)).content.decode()
    assert "This post was removed." in html and "please forget this" not in html


def test_quote_button_prefills_the_reply_with_quoted_text(member_client, group, member):
    thread = start_thread(author=member, group=group)
    post = reply_to(author=member, thread=thread, body="line one\nline two")

    html = member_client.get(thread_url(thread) + f"?quote={post.pk}").content.decode()

    assert "&gt; line one\n&gt; line two" in html


def test_thread_is_paginated_twenty_posts_a_page(member_client, group, member):
    thread = start_thread(author=member, group=group)
    for n in range(25):
        reply_to(author=member, thread=thread, body=f"reply number {n:02d}")

    first = member_client.get(thread_url(thread)).content.decode()
    second = member_client.get(thread_url(thread) + "?page=2").content.decode()

    assert "reply number 18" in first and "reply number 19" not in first
    assert "reply number 19" in second and "reply number 24" in second


def test_post_permalink_redirects_to_the_right_page(member_client, group, member):
    thread = start_thread(author=member, group=group)
    posts = [reply_to(author=member, thread=thread, body=f"r{n}") for n in range(22)]

    response = member_client.get(reverse("groups:post", args=[group.slug, thread.pk, posts[-1].pk]))

    assert response["Location"].endswith(f"?page=2#post-{posts[-1].pk}")


def test_facilitator_locks_a_thread_and_the_audit_log_records_it(
    client, group, member, facilitator
):
    from moderation.models import AuditEntry

    thread = start_thread(author=member, group=group)
    client.force_login(facilitator)

    client.post(reverse("groups:thread_flags", args=[group.slug, thread.pk]), {"locked": "1"})

    thread.refresh_from_db()
    assert thread.locked
    assert AuditEntry.objects.filter(action="thread.lock", actor=facilitator).exists()


def test_member_cannot_lock_a_thread(client, group, member):
    thread = start_thread(author=member, group=group)
    client.force_login(member)

    response = client.post(
        reverse("groups:thread_flags", args=[group.slug, thread.pk]), {"locked": "1"}
    )

    thread.refresh_from_db()
    assert response.status_code == 403 and not thread.locked


def test_facilitator_may_still_reply_in_a_locked_thread(client, group, member):
    fac = FacilitatorMembershipFactory(group=group).user
    thread = start_thread(author=member, group=group)
    Thread.objects.filter(pk=thread.pk).update(locked=True)
    client.force_login(fac)

    client.post(
        reverse("groups:reply", args=[group.slug, thread.pk]),
        {"body": "Closing words from the facilitator.", "submission_id": uuid.uuid4()},
    )

    assert Post.objects.filter(thread=thread, author=fac).exists()
