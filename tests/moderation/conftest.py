"""Moderation fixtures: moderators who passed two-factor sign-in, and a second group."""

import pytest

from tests.factories import (
    FacilitatorMembershipFactory,
    MembershipFactory,
    ModeratorFactory,
    SupportGroupFactory,
)


@pytest.fixture
def moderator_without_totp(db):
    """Holds the moderator role but never set up an authenticator app."""
    return ModeratorFactory()


@pytest.fixture
def other_group(db):
    return SupportGroupFactory()


@pytest.fixture
def other_facilitator(other_group):
    return FacilitatorMembershipFactory(group=other_group).user


@pytest.fixture
def second_member(group):
    return MembershipFactory(group=group).user
