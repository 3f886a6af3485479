"""Drafts kept on the server: saved while a member writes, given back in the box, cleared
once the words are posted, exported and erased with the account, and kept by Quick exit."""

import json

import pytest
from django.urls import reverse

from drafts.models import DRAFT_MAX_CHARS, Draft
from tests.groups.forum_helpers import start_thread

pytestmark = pytest.mark.django_db

SAVE = "/me/drafts/"


@pytest.fixture
def thread(group, member):
    return start_thread(author=member, group=group, title="Evenings", body="Hello, everyone.")


def test_a_member_saves_a_draft_for_a_thread_and_it_is_theirs_alone(member_client, member, thread):
    response = member_client.post(SAVE, {"place": f"reply:{thread.pk}", "body": "Half a thought"})

    assert response.status_code == 204
    draft = Draft.objects.get()
    assert (draft.user, draft.place, draft.body) == (member, f"reply:{thread.pk}", "Half a thought")


def test_saving_again_replaces_the_draft_and_an_empty_box_forgets_it(member_client, thread):
    place = f"reply:{thread.pk}"
    member_client.post(SAVE, {"place": place, "body": "One"})
    member_client.post(SAVE, {"place": place, "body": "One and two"})

    assert list(Draft.objects.values_list("body", flat=True)) == ["One and two"]

    member_client.post(SAVE, {"place": place, "body": "   "})

    assert not Draft.objects.exists()


def test_a_draft_longer_than_the_posting_limit_is_kept_whole(member_client, thread):
    words = "a" * 25_000

    response = member_client.post(SAVE, {"place": f"reply:{thread.pk}", "body": words})

    assert response.status_code == 204
    assert len(Draft.objects.get().body) == 25_000


@pytest.mark.parametrize(
    ("place", "body", "code"),
    [
        ("reply:abc", "text", "invalid_place"),
        ("../../etc", "text", "invalid_place"),
        ("", "text", "invalid_place"),
        ("reply:1", "x" * (DRAFT_MAX_CHARS + 1), "too_long"),
    ],
)
def test_a_draft_with_no_valid_place_or_far_too_long_is_refused_clearly(
    member_client, place, body, code
):
    response = member_client.post(SAVE, {"place": place, "body": body})

    assert response.status_code == 400
    assert response.json()["error"] == code
    assert not Draft.objects.exists()


def test_a_signed_out_person_is_told_the_draft_is_not_kept(client):
    response = client.post(SAVE, {"place": "reply:1", "body": "words"})

    assert response.status_code == 401
    assert response.json() == {"error": "signed_out"}


def test_the_thread_page_gives_the_draft_back_in_the_reply_box(member_client, member, thread):
    Draft.objects.create(user=member, place=f"reply:{thread.pk}", body="Where I left off")

    html = member_client.get(thread.get_absolute_url()).content.decode()

    assert "Where I left off</textarea>" in html
    assert "Your unsent words are back in the box." in html
    assert f'name="draft_place" value="reply:{thread.pk}"' in html


def test_another_members_draft_never_shows(client, group, member, thread):
    from tests.factories import MembershipFactory

    Draft.objects.create(user=member, place=f"reply:{thread.pk}", body="Private words")
    reader = MembershipFactory(group=group).user
    client.force_login(reader)

    html = client.get(thread.get_absolute_url()).content.decode()

    assert "Private words" not in html


def test_posting_the_reply_clears_its_draft(member_client, member, thread):
    place = f"reply:{thread.pk}"
    Draft.objects.create(user=member, place=place, body="Thank you all")

    response = member_client.post(
        reverse("groups:reply", args=[thread.group.slug, thread.pk]),
        {"body": "Thank you all", "submission_id": "5b0c1a2e-1d7f-4c52-9a1e-3f0b8f7c1d11"},
    )

    assert response.status_code == 302
    assert not Draft.objects.filter(user=member, place=place).exists()


def test_a_refused_reply_keeps_its_draft(member_client, member, thread):
    place = f"reply:{thread.pk}"
    Draft.objects.create(user=member, place=place, body="x" * 25_000)

    response = member_client.post(
        reverse("groups:reply", args=[thread.group.slug, thread.pk]), {"body": "x" * 25_000}
    )

    assert response.status_code == 400
    assert Draft.objects.filter(user=member, place=place).exists()


def test_the_new_thread_page_gives_back_title_and_words_and_posting_clears_them(
    member_client, member, group
):
    place = f"thread:{group.pk}"
    Draft.objects.create(user=member, place=place, title="Sundays", body="Sundays are hard")
    url = reverse("groups:thread_new", args=[group.slug])

    html = member_client.get(url).content.decode()

    assert 'value="Sundays"' in html and "Sundays are hard</textarea>" in html
    response = member_client.post(
        url,
        {
            "title": "Sundays",
            "body": "Sundays are hard",
            "submission_id": "0b4a3f7e-9c55-4a0e-8f3d-2c1b0a9e8d7c",
        },
    )
    assert response.status_code == 302
    assert not Draft.objects.filter(place=place).exists()


def test_the_chat_page_gives_the_draft_back_in_the_message_box(member_client, member, group):
    Draft.objects.create(user=member, place=f"chat:{group.pk}", body="Before the circle")

    html = member_client.get(reverse("chat:room", args=[group.slug])).content.decode()

    assert "Before the circle</textarea>" in html
    assert 'data-limit="2000"' in html and 'maxlength="2000"' not in html


def test_drafts_are_in_the_export_and_gone_with_the_account(member_client, member, thread):
    Draft.objects.create(user=member, place=f"reply:{thread.pk}", body="Not sent yet")

    export = json.loads(
        b"".join(member_client.get("/me/export/?download=1").streaming_content).decode()
    )

    assert export["sections"]["drafts"][0]["body"] == "Not sent yet"
    assert export["sections"]["drafts"][0]["place"] == f"reply:{thread.pk}"


def test_deleting_the_account_erases_its_drafts(member, thread):
    from community.privacy import erase_everything

    Draft.objects.create(user=member, place=f"reply:{thread.pk}", body="Not sent yet")

    erase_everything(member, posts_mode="erase")

    assert not Draft.objects.filter(user=member).exists()


def test_a_member_keeps_at_most_a_hundred_drafts_the_newest_win(member):
    from drafts.services import draft_save

    for n in range(105):
        draft_save(user=member, place=f"reply:{n + 1}", body=f"draft {n}")

    assert Draft.objects.filter(user=member).count() == 100
    assert not Draft.objects.filter(user=member, body="draft 0").exists()
    assert Draft.objects.filter(user=member, body="draft 104").exists()
