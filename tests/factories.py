"""factory_boy factories shared by every test module."""

import time

import factory
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib.auth.models import Group as AuthGroup
from django.utils import timezone

from community.accounts.models import User
from community.accounts.permissions import MODERATORS_GROUP
from groups.models import Membership, SupportGroup

DEFAULT_PASSWORD = "a-long-test-password-1"  # noqa: S105
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105


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
    """An account in the Moderators group; ``totp=True`` also sets up its authenticator app.

    Without one the account holds the role but none of the powers (two-factor is required).
    """

    username = factory.Sequence(lambda n: f"moderator_{n}")

    @factory.post_generation
    def moderator_group(self, create, extracted, **kwargs):
        if create:
            group, _ = AuthGroup.objects.get_or_create(name=MODERATORS_GROUP)
            self.groups.add(group)

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        if create and extracted:
            TOTP.activate(self, TEST_TOTP_SECRET)


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


# --- content hub (Wagtail pages) -----------------------------------------------------------


def article_page(*, index, title: str, tags=(), body=None, summary: str = "", live: bool = True):
    """A guide under ``index`` (a GuideIndexPage), published unless ``live=False``.

    ``body`` is a list of ``{"type": ..., "value": ...}`` dicts in StreamField's raw form.
    """
    from content.models import ArticlePage

    page = ArticlePage(
        title=title,
        summary=summary or f"About {title.lower()}.",
        locale=index.locale,
        live=False,
        body=ArticlePage.body.field.stream_block.to_python(
            body or [{"type": "paragraph", "value": f"<p>{title} explained gently.</p>"}]
        ),
    )
    page.tags.set(list(tags))
    index.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
        page.refresh_from_db()
    return page


# --- signing in as someone who passed two-factor sign-in ----------------------------------------


def give_totp(user) -> Authenticator:
    return TOTP.activate(user, TEST_TOTP_SECRET).instance


def current_totp_code(secret: str = TEST_TOTP_SECRET) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def mark_session_mfa(client, user) -> None:
    """Record in the session what allauth records after a code is entered at sign-in."""
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "email": user.email},
        {"method": "mfa", "at": time.time(), "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


def mark_recently_reauthenticated(client, user) -> None:
    """Record what allauth records after someone confirms their password again, so the pages
    that ask for it (two-factor set-up, recovery codes) open at once."""
    session = client.session
    records = session.get(AUTHENTICATION_METHODS_SESSION_KEY) or []
    records.append(
        {"method": "password", "at": time.time(), "email": user.email, "reauthenticated": True}
    )
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


def sign_in_with_mfa(client, user):
    if not Authenticator.objects.filter(user=user).exists():
        give_totp(user)
    client.force_login(user)
    mark_session_mfa(client, user)
    return client
