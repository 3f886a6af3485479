import pytest
from django.urls import reverse

from groups.models import Membership
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_member_with_unconfirmed_email_cannot_join_a_group(client, group):
    person = UserFactory(verified=False)
    client.force_login(person)

    response = client.post(
        reverse("groups:join", args=[group.slug]), {"accept_rules": "on"}, follow=True
    )

    assert not Membership.objects.filter(user=person, group=group).exists()
    assert "confirm your email" in response.content.decode()


def test_confirmed_member_joins_an_open_group_after_accepting_rules(client, group):
    person = UserFactory()
    client.force_login(person)

    client.post(reverse("groups:join", args=[group.slug]), {"accept_rules": "on"})

    membership = Membership.objects.get(user=person, group=group)
    assert membership.state == Membership.State.ACTIVE
    assert membership.rules_version_accepted == group.rules_version


def test_joining_without_accepting_rules_shows_a_form_error(client, group):
    client.force_login(UserFactory())

    response = client.post(reverse("groups:join", args=[group.slug]), {})

    assert response.status_code == 400
    assert "accept the ground rules" in response.content.decode()
