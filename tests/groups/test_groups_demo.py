import io

import pytest
from django.core.management import call_command

from groups.models import Membership, SupportGroup, Thread

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_a_group_of_each_policy_with_facilitators_and_threads():
    call_command("seed_demo", stdout=io.StringIO())

    policies = set(SupportGroup.objects.values_list("join_policy", flat=True))
    circle = SupportGroup.objects.get(slug="rebuilding-trust-circle")
    assert policies >= {"open", "request", "invite"}
    assert circle.join_policy == "open"
    assert "rebuilding trust" in circle.topics.names()
    assert Membership.objects.facilitators().filter(group=circle).exists()
    assert Thread.objects.filter(group=circle).count() >= 2
    assert not Thread.objects.filter(held_for_review=True).exists()


def test_seed_demo_is_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    counts = (SupportGroup.objects.count(), Thread.objects.count(), Membership.objects.count())

    call_command("seed_demo", stdout=io.StringIO())

    assert (
        SupportGroup.objects.count(),
        Thread.objects.count(),
        Membership.objects.count(),
    ) == counts


def test_every_seeded_guide_leads_to_the_open_demo_group(client):
    from content.models import ArticlePage

    call_command("seed_demo", stdout=io.StringIO())
    guides = ArticlePage.objects.live().filter(locale__language_code="en")

    assert guides.count() == 3
    for guide in guides:
        html = client.get(guide.url).content.decode()
        assert "Rebuilding Trust Circle" in html, guide.title
        assert 'href="/groups/rebuilding-trust-circle/"' in html, guide.title


@pytest.mark.parametrize(
    ("slug", "language", "opening"),
    [
        ("circulo-de-confianza", "es", "Bienvenida: preséntate si te apetece"),
        ("krug-doveriya", "ru", "Добро пожаловать: расскажите о себе, если хотите"),
    ],
)
def test_seed_demo_has_a_spanish_and_a_russian_group_with_chat_sessions_and_posts(
    slug, language, opening
):
    from chat.models import ChatMessage, GroupSession

    call_command("seed_demo", stdout=io.StringIO())

    group = SupportGroup.objects.get(slug=slug)
    assert group.language == language and group.join_policy == "open"
    assert Thread.objects.filter(group=group, title=opening).exists()
    assert Thread.objects.get(group=group, title=opening).posts.count() >= 3
    assert GroupSession.objects.filter(group=group, recurrence="weekly").exists()
    assert ChatMessage.objects.filter(room__group=group).count() >= 3
    assert Membership.objects.facilitators().filter(group=group).exists()


def test_the_directory_lists_the_demo_groups_by_language(client):
    call_command("seed_demo", stdout=io.StringIO())

    html = client.get("/groups/?language=es").content.decode()

    assert "Círculo de confianza" in html
    assert "Круг доверия" not in html
