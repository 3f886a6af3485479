"""The lines every email to a member ends with: where to find help now, in their country.

The country comes from the one resolver (``countries.crisis_country_for_user``: the member's
saved country, else the country their language points to, else the site default) and the
number from the same directory and order as every crisis panel, so an email never names a
line the member's ``/help/`` page would not show first. Plain words, no member's text: the
lines say what any help page says, and the subject of the email stays generic.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from community.accounts.languages import language_for_recipient

from .countries import crisis_country_for_user
from .crisis_selectors import crisis_panel


def help_footer(user) -> str:
    """The footer for ``user`` (None: someone without an account, e.g. an unknown address
    asking for a password reset), in their language."""
    language = language_for_recipient(user)
    with translation.override(language):
        panel = crisis_panel(country=crisis_country_for_user(user), language=language)
        help_url = f"{settings.SITE_URL}/help/"
        first = panel["first"]
        if first is None:
            return _(
                "If you need to talk to someone now, helplines in many countries are listed "
                "at %(url)s"
            ) % {"url": help_url}
        contact = first["first_contact"]
        # A text line's display already says what to send ("Text HOME to 741741").
        line = (
            _("Call %(number)s") % {"number": contact["display"]}
            if contact["action"] == "call"
            else contact["display"]
        )
        return _(
            "If you need to talk to someone now: %(line)s (%(name)s, %(country)s).\n"
            "More lines, and how to change your country: %(url)s"
        ) % {
            "line": line,
            "name": first["name"],
            "country": panel["country_name"],
            "url": help_url,
        }
