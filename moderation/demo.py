"""Demo: the moderator gets a TOTP authenticator so the moderation pages can be tried.

The secret is fixed and printed so a person can add it to an authenticator app. It is a demo
secret, published here: never use this seeder's secret anywhere real.
"""

from urllib.parse import quote

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings

from .models import WatchedWord
from .watched import watched_words_changed

ORDER = 40

DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - a published demo secret

DEMO_WATCHED_WORDS = [
    ("buy followers", WatchedWord.Kind.WORD, WatchedWord.Action.BLOCK),
    ("send me money", WatchedWord.Kind.WORD, WatchedWord.Action.HOLD),
    (r"whats?app\s*\+?\d", WatchedWord.Kind.PATTERN, WatchedWord.Action.FLAG),
]


def otpauth_url(*, email: str, secret: str) -> str:
    issuer = getattr(settings, "MFA_TOTP_ISSUER", "") or "Community"
    return f"otpauth://totp/{quote(issuer)}:{quote(email)}?secret={secret}&issuer={quote(issuer)}"


def seed(*, users, stdout) -> None:
    moderator = users.moderator
    if moderator is not None:
        authenticator = Authenticator.objects.filter(
            user=moderator, type=Authenticator.Type.TOTP
        ).first()
        if authenticator is None:
            TOTP.activate(moderator, DEMO_TOTP_SECRET)
        stdout.write(
            "  demo moderator two-factor: add this secret to an authenticator app\n"
            f"    secret {DEMO_TOTP_SECRET}\n"
            f"    {otpauth_url(email=moderator.email, secret=DEMO_TOTP_SECRET)}"
        )
    for text, kind, action in DEMO_WATCHED_WORDS:
        WatchedWord.objects.get_or_create(kind=kind, text=text, defaults={"action": action})
    watched_words_changed()
