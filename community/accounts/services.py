"""Writes to a member's own account. Each takes the acting user explicitly."""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from community import realtime
from community.privacy import POSTS_MODES, erase_everything, storage_forget
from community.ratelimit import rate_limit_allow
from jobs.mail import email_enqueue

from .live import CLOSE_SIGNED_OUT, sockets_close, sockets_reload
from .models import Block, KeepApart, MemberSession, User
from .time_zones import is_time_zone

logger = logging.getLogger(__name__)

#: Emails about the account say nothing in the subject: inboxes and lock screens are shared.
ACCOUNT_NOTICE_SUBJECT = "About your account"


@transaction.atomic
def profile_update(
    *,
    user: User,
    country: str,
    neutral_tab_title: bool,
    language: str | None = None,
    time_zone: str | None = None,
) -> User:
    user.country = country.upper()[:2]
    user.neutral_tab_title = neutral_tab_title
    fields = ["country", "neutral_tab_title"]
    if language is not None:
        user.language = _checked_language(language, allow_blank=True)
        fields.append("language")
    if time_zone is not None:
        if time_zone and not is_time_zone(time_zone):
            raise ValidationError(_("Please choose a time zone from the list."), code="time_zone")
        user.time_zone = time_zone
        fields.append("time_zone")
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


@transaction.atomic
def profile_country_set(*, user: User, country: str) -> User:
    """The country for crisis services, chosen on a crisis panel or ``/help/``."""
    user.country = country.upper()[:2]
    user.save(update_fields=["country"])
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


def _tell_open_chats(*user_ids: int) -> None:
    """Open chat connections of these accounts re-read blocks and keep-apart after commit."""
    for user_id in user_ids:
        realtime.user_privacy_changed_on_commit(user_id=user_id)


@transaction.atomic
def block_create(*, user: User, pseudonym: str) -> Block:
    """Block a member. They are not told, and nothing they see changes.

    Moderators are blocked like anyone else (the answer must not tell who is staff); what
    they send as moderators (warnings, decisions, safety notices) is never silenced by a block.
    """
    other = _other_account(user=user, pseudonym=pseudonym)
    try:
        with transaction.atomic():
            block, _created = Block.objects.get_or_create(blocker=user, blocked=other)
    except IntegrityError:
        block = Block.objects.get(blocker=user, blocked=other)
    _tell_open_chats(user.pk)
    return block


@transaction.atomic
def block_remove(*, user: User, pseudonym: str) -> None:
    Block.objects.filter(blocker=user, blocked__username__iexact=pseudonym.strip()).delete()
    _tell_open_chats(user.pk)


def _clean_pseudonym(pseudonym: str) -> str:
    return (pseudonym or "").strip().lstrip("@")[:60]


@transaction.atomic
def keep_apart_add(*, user: User, pseudonym: str) -> KeepApart:
    """Hide two accounts from each other: member lists, chat presence, posts and messages.

    The answer is the same whether or not the name belongs to anyone (a name that matches no
    account is kept as typed and hides nobody), and the entry never refuses anyone a seat:
    keeping two people out of the same groups is a safety request moderators review.
    """
    name = _clean_pseudonym(pseudonym)
    if not name:
        raise ValidationError(_("Please enter a pseudonym."), code="required")
    if name.lower() == user.username.lower():
        raise ValidationError(_("That is your own pseudonym."), code="self")
    other = User.objects.filter(username__iexact=name, is_active=True).first()
    lookup = {"other": other} if other is not None else {"other": None, "other_name__iexact": name}
    entry = KeepApart.objects.filter(user=user, **lookup).first()
    if entry is None:
        try:
            with transaction.atomic():
                entry = KeepApart.objects.create(
                    user=user, other=other, other_name="" if other else name
                )
        except IntegrityError:
            entry = KeepApart.objects.get(user=user, **lookup)
    _tell_open_chats(user.pk, *([other.pk] if other else []))
    return entry


@transaction.atomic
def keep_apart_remove(*, user: User, pseudonym: str) -> None:
    name = _clean_pseudonym(pseudonym)
    entries = KeepApart.objects.filter(user=user).filter(
        models.Q(other__username__iexact=name)
        | models.Q(other__isnull=True, other_name__iexact=name)
    )
    other_ids = [pk for pk in entries.values_list("other_id", flat=True) if pk]
    entries.delete()
    _tell_open_chats(user.pk, *other_ids)


def sessions_end_all(*, user_id: int, keep_session_key: str = "") -> int:
    """End every signed-in session of the account (all devices, or all but one) and close
    every open websocket of the person once that commits."""
    sessions = MemberSession.objects.filter(user_id=user_id)
    if keep_session_key:
        sessions = sessions.exclude(session_key=keep_session_key)
    deleted, _rows = sessions.delete()
    sockets_close(user_id=user_id, code=CLOSE_SIGNED_OUT)
    return deleted


def signed_out(*, user_id: int, session_key: str) -> None:
    """The person signed out of one session: that session's open websockets close."""
    if session_key:
        sockets_close(user_id=user_id, session_key=session_key, code=CLOSE_SIGNED_OUT)


def password_changed(*, user: User) -> int:
    """A new password (changed or reset) ends every other session and closes every socket.

    Called by the allauth adapter right after the password is saved; the session that
    changed it (if any) is kept by allauth under a new key, and its pages reconnect.
    """
    return sessions_end_all(user_id=user.pk)


def sign_out_everywhere(*, user: User) -> int:
    """ "Sign out everywhere" on ``/me/``: every session of the account ends, this one too."""
    return sessions_end_all(user_id=user.pk)


def account_access_changed(*, user: User) -> None:
    """The account's role or standing changed (e.g. in the Django admin): open websockets
    re-read it; a deactivated account is signed out everywhere."""
    if not user.is_active:
        sessions_end_all(user_id=user.pk)
    else:
        sockets_reload(user_id=user.pk)


def account_delete(*, user: User, password: str, posts_mode: str) -> None:
    """Delete the account for good, after the password is entered again.

    Chat messages are erased; posts are erased or shown as by "former member", as the member
    chooses; moderation records keep only what the audit needs (see each app's privacy.py).
    Every session ends and every open websocket closes once the deletion commits.
    """
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
        transaction.on_commit(storage_forget)


FAILED_SIGN_INS_BEFORE_NOTICE = 5
FAILED_SIGN_IN_WINDOW_SECONDS = 3600


def failed_sign_ins_noticed(*, login: str) -> bool:
    """Count a failed sign-in for ``login`` (any source); at the threshold, email the owner.

    At most one email an hour per account, with a generic subject, and nothing at all when
    no account has that address (so the count itself reveals nothing).
    """
    allowed, _retry = rate_limit_allow(
        scope="failed_sign_ins",
        key=hashlib.sha256(login.lower().encode()).hexdigest(),
        limit=FAILED_SIGN_INS_BEFORE_NOTICE - 1,
        period=FAILED_SIGN_IN_WINDOW_SECONDS,
    )
    if allowed:
        return False
    user = User.objects.filter(email__iexact=login, is_active=True).first()
    if user is None:
        return False
    if not cache.add(f"failed-sign-in-notice:{user.pk}", 1, FAILED_SIGN_IN_WINDOW_SECONDS):
        return False
    body = _(
        "Hello %(name)s,\n\nSomeone tried several times to sign in to your account with a "
        "wrong password. Your password kept them out, and sign-in from where they tried is "
        "slowed down for a few minutes; you can still sign in as usual.\n\n"
        "If it was you, there is nothing to do. If it was not, choosing a new password is a "
        "good idea: %(url)s\n"
    ) % {"name": user.username, "url": f"{settings.SITE_URL}/accounts/password/reset/"}
    email_enqueue(
        message=EmailMessage(ACCOUNT_NOTICE_SUBJECT, body, None, [user.email]),
        user=user,
        help_footer=True,
    )
    return True
