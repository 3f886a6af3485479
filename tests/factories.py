"""factory_boy factories shared by every test module."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group as AuthGroup
from django.utils import timezone

from community.accounts.models import MODERATORS_GROUP, User
from groups.models import Membership, SupportGroup

DEFAULT_PASSWORD = "a-long-test-password-1"  # noqa: S105


class UserFactory(factory.django.DjangoModelFactory):
    """A member with a confirmed email (pass ``verified=False`` for an unconfirmed one)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"member_{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if not create:
            return
        self.save()
        EmailAddress.objects.create(
            user=self, email=self.email, primary=True, verified=extracted is not False
        )


class ModeratorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"moderator_{n}")

    @factory.post_generation
    def moderator_group(self, create, extracted, **kwargs):
        if create:
            group, _ = AuthGroup.objects.get_or_create(name=MODERATORS_GROUP)
            self.groups.add(group)


class SupportGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportGroup

    name = factory.Sequence(lambda n: f"Healing circle {n}")
    slug = factory.Sequence(lambda n: f"healing-circle-{n}")
    description = "A small group for people rebuilding trust."
    ground_rules = "Be kind. What is shared here stays here."
    join_policy = SupportGroup.JoinPolicy.OPEN
    # Pre-moderation off unless a test is about it, so posts show at once.
    premoderated_post_count = 0


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    group = factory.SubFactory(SupportGroupFactory)
    state = Membership.State.ACTIVE
    role = Membership.Role.MEMBER
    rules_version_accepted = factory.LazyAttribute(lambda o: o.group.rules_version)
    joined_at = factory.LazyFunction(timezone.now)


class FacilitatorMembershipFactory(MembershipFactory):
    role = Membership.Role.FACILITATOR
