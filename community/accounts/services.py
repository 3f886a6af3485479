"""Writes to a member's own account. Each takes the acting user explicitly."""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .models import Block, KeepApart, MemberSession, User

logger = logging.getLogger(__name__)

# Close code for live connections ended because the account is gone or signed out everywhere.
CLOSE_SESSION_ENDED = 4401


@transaction.atomic
def profile_update(
    *, user: User, country: str, neutral_tab_title: bool, language: str | None = None
) -> User:
    user.country = country.upper()[:2]
    user.neutral_tab_title = neutral_tab_title
    fields = ["country", "neutral_tab_title"]
    if language is not None:
        user.language = _checked_language(language, allow_blank=True)
        fields.append("language")
    user.save(update_fields=fields)
    return user


def _checked_language(language: str, *, allow_blank: bool) -> str:
    if (allow_blank and language == "") or language in dict(settings.LANGUAGES):
        return language
    raise ValidationError(_("Please choose one of the site's languages."), code="language")


@transaction.atomic
def language_choose(*, user: User, language: str) -> User:
    """The member chose a language with the switcher: it is their setting from now on, so
    their other devices, notifications and emails follow it."""
    language = _checked_language(language, allow_blank=False)
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user


def _other_account(*, user: User, pseudonym: str) -> User:
    pseudonym = (pseudonym or "").strip().lstrip("@")
    other = User.objects.filter(username__iexact=pseudonym, is_active=True).first()
    if not pseudonym or other is None:
        raise ValidationError(
            _("We could not find a member with that pseudonym. Please check the spelling."),
            code="not_found",
        )
    if other.pk == user.pk:
        raise ValidationError(_("That is your own pseudonym."), code="self")
    return other


def _forget_cached(user: User) -> None:
    for attribute in ("_blocked_ids_cache", "_kept_apart_ids_cache"):
        if hasattr(user, attribute):
            delattr(user, attribute)


def _tell_open_chats(*user_ids: int) -> None:
    """Open chat connections of these accounts re-read blocks and keep-apart after commit."""
    try:
        from chat.models import user_group_name
        from chat.services import send_on_commit
    except ImportError:
        return
    for user_id in user_ids:
        send_on_commit(user_group_name(user_id), {"type": "chat.privacy_changed"})


@transaction.atomic
def block_create(*, user: User, pseudonym: str) -> Block:
    """Block a member. They are not told, and nothing they see changes."""
    other = _other_account(user=user, pseudonym=pseudonym)
    # The role, not the powers: a block made while they lack two-factor would outlive it.
    if other.has_moderator_role:
        raise ValidationError(
            _(
                "Moderators cannot be blocked, because they help keep everyone safe. "
                "If a moderator's message troubled you, you can report it."
            ),
            code="moderator",
        )
    try:
        with transaction.atomic():
            block, _created = Block.objects.get_or_create(blocker=user, blocked=other)
    except IntegrityError:
        block = Block.objects.get(blocker=user, blocked=other)
    _forget_cached(user)
    _tell_open_chats(user.pk)
    return block


@transaction.atomic
def block_remove(*, user: User, pseudonym: str) -> None:
    Block.objects.filter(blocker=user, blocked__username__iexact=pseudonym.strip()).delete()
    _forget_cached(user)
    _tell_open_chats(user.pk)


@transaction.atomic
def keep_apart_add(*, user: User, pseudonym: str) -> KeepApart:
    """Keep two accounts out of each other's groups and sessions from now on.

    Groups they already share stay as they are (nobody is removed because of a private wish),
    but neither sees the other in a chat room's presence list or the group's member list.
    """
    other = _other_account(user=user, pseudonym=pseudonym)
    try:
        with transaction.atomic():
            entry, _created = KeepApart.objects.get_or_create(user=user, other=other)
    except IntegrityError:
        entry = KeepApart.objects.get(user=user, other=other)
    _forget_cached(user)
    _tell_open_chats(user.pk, other.pk)
    return entry


@transaction.atomic
def keep_apart_remove(*, user: User, pseudonym: str) -> None:
    entries = KeepApart.objects.filter(user=user, other__username__iexact=pseudonym.strip())
    other_ids = list(entries.values_list("other_id", flat=True))
    entries.delete()
    _forget_cached(user)
    _tell_open_chats(user.pk, *other_ids)


def live_connections_close(*, user_id: int) -> None:
    """Close the account's open websockets: notifications, and chat rooms if chat is installed."""
    layer = get_channel_layer()
    if layer is not None:
        from notifications.channels import user_group_name

        try:
            async_to_sync(layer.group_send)(
                user_group_name(user_id), {"type": "session.close", "code": CLOSE_SESSION_ENDED}
            )
        except Exception:
            logger.warning("closing live notifications failed for a deleted account", exc_info=True)
    try:
        from chat.services import disconnect_member
    except ImportError:
        return
    try:
        disconnect_member(user_id=user_id)
    except Exception:
        logger.warning("closing chat connections failed for a deleted account", exc_info=True)


def sessions_end_all(*, user_id: int) -> int:
    """End every signed-in session of the account (all devices) and close its websockets."""
    deleted, _rows = MemberSession.objects.filter(user_id=user_id).delete()
    transaction.on_commit(lambda: live_connections_close(user_id=user_id))
    return deleted


def account_delete(*, user: User, password: str, posts_mode: str) -> None:
    """Delete the account for good, after the password is entered again.

    Chat messages are erased; posts are erased or shown as by "former member", as the member
    chooses; moderation records keep only what the audit needs (see each app's privacy.py).
    Every session ends and every open websocket closes once the deletion commits.
    """
    from community.privacy import POSTS_MODES, erase_everything

    if posts_mode not in POSTS_MODES:
        raise ValidationError(_("Please choose what happens to your posts."), code="posts_mode")
    if not password or not user.check_password(password):
        raise ValidationError(
            _("That password is not right. Please try again."), code="wrong_password"
        )
    user_id = user.pk
    with transaction.atomic():
        erase_everything(user, posts_mode=posts_mode)
        sessions_end_all(user_id=user_id)
        User.objects.filter(pk=user_id).delete()
