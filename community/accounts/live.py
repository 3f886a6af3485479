"""A person's open websockets, reachable at once whatever app they belong to.

Every consumer that serves a signed-in person (the chat rooms, the notification stream) joins
two channel-layer groups at connect: one for the account and one for the signed-in session
it was opened with (:class:`AccountSocketMixin`). A change of access then reaches every open
socket through one of two events, sent after the change commits:

* ``account.close``: the socket closes with the given code. Sign-out closes that session's
  sockets; a password change or reset, "sign out everywhere", account deletion and suspension
  close all of the person's sockets (:func:`sockets_close`).
* ``account.reload``: each socket re-reads what the person may do (the chat re-reads its
  cached permissions, so a demoted facilitator or moderator loses the tools at once;
  :func:`sockets_reload`).

Group names are built from the account's primary key and from a keyed digest of the session
key (never the key itself, which is a secret, and never user text).
"""

from __future__ import annotations

from django.utils.crypto import salted_hmac

from community import realtime

#: Not signed in any more (signed out, password changed, account deleted).
CLOSE_SIGNED_OUT = realtime.CLOSE_NOT_SIGNED_IN
#: Signed in, but no longer allowed (suspended).
CLOSE_NOT_ALLOWED = realtime.CLOSE_NOT_ALLOWED


def account_group_name(user_id: int) -> str:
    """The account's channel: the one user channel of ``community.realtime``."""
    return realtime.user_group(user_id)


def session_group_name(session_key: str) -> str:
    digest = salted_hmac("community.accounts.live.session", session_key).hexdigest()[:32]
    return f"account.session.{digest}"


def sockets_close(*, user_id: int, code: int = CLOSE_SIGNED_OUT, session_key: str = "") -> None:
    """Close the person's open websockets (of one session, or all) once the change commits."""
    group = session_group_name(session_key) if session_key else account_group_name(user_id)
    realtime.send_on_commit(group, {"type": "account.close", "code": code})


def sockets_reload(*, user_id: int) -> None:
    """Every open websocket of the person re-reads their access once the change commits."""
    realtime.send_on_commit(account_group_name(user_id), {"type": "account.reload"})


class AccountSocketMixin:
    """For websocket consumers: join the account's groups and obey ``account.*`` events.

    Call :meth:`account_groups_join` once the socket is accepted for a signed-in person and
    :meth:`account_groups_leave` from ``disconnect``; override :meth:`access_reload`.
    """

    account_groups: tuple[str, ...] = ()

    async def account_groups_join(self) -> None:
        user = self.scope.get("user")
        session = self.scope.get("session")
        groups = [account_group_name(user.pk)]
        session_key = getattr(session, "session_key", None)
        if session_key:
            groups.append(session_group_name(session_key))
        for group in groups:
            await self.channel_layer.group_add(group, self.channel_name)
        self.account_groups = tuple(groups)

    async def account_groups_leave(self) -> None:
        for group in self.account_groups:
            await self.channel_layer.group_discard(group, self.channel_name)
        self.account_groups = ()

    async def account_close(self, event) -> None:
        await self.close(code=event.get("code", CLOSE_SIGNED_OUT))

    async def account_reload(self, event) -> None:
        await self.access_reload()

    async def access_reload(self) -> None:
        """Re-read what the person may do here; close the socket if nothing any more."""


def on_authenticator_removed(sender, user=None, **kwargs) -> None:
    """allauth's ``authenticator_removed``: a moderator without two-factor has no powers, so
    their open sockets re-read them (connected in ``AccountsConfig.ready``)."""
    if user is not None:
        sockets_reload(user_id=user.pk)
