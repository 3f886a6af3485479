"""One mapping from a refused service call to what the person sees.

Services refuse with ``ValidationError`` (the input: 400), ``PermissionDenied`` (the
person may not: 403), ``RateLimited`` (too many, too fast: 429 with ``Retry-After``; a
``ValidationError`` with ``code="rate_limited"`` counts too) or ``Http404`` (not theirs or
not there: left to Django, the same 404 as a missing page). A write view is then one service
call inside :func:`service_call`::

    with service_call(form=form) as call:
        post = post_create(author=request.user, ...)
    if call.refused:
        return call.respond(render(request, "...", {"form": form}, status=call.status))

The message goes into the form (the member's text stays in the box), or, for views that
redirect, into the messages framework. A refusal about the input lands next to the box it is
about: ``field=`` names the box, ``fields=`` picks one by the error's ``code`` (the account
pages: a wrong password beside the password box, an unknown pseudonym beside the name).
"""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from community.ratelimit import RateLimited

REFUSALS = (ValidationError, PermissionDenied, RateLimited)


@dataclass(frozen=True)
class Refusal:
    status: int
    message: str
    retry_after: int | None = None


def refusal_for(error: Exception) -> Refusal:
    """The status, words and wait for one refused call."""
    if isinstance(error, RateLimited):
        return Refusal(429, str(error.detail), int(error.retry_after))
    if isinstance(error, ValidationError):
        text = " ".join(str(message) for message in error.messages)
        if getattr(error, "code", None) == "rate_limited":
            params = getattr(error, "params", None) or {}
            return Refusal(429, text, int(params.get("retry_after", 60)))
        return Refusal(400, text)
    if isinstance(error, PermissionDenied):
        text = str(error) if error.args and str(error) else _("You cannot do that here.")
        return Refusal(403, text)
    raise TypeError(f"not a refusal: {error!r}")


class ServiceCall:
    refusal: Refusal | None = None

    @property
    def refused(self) -> bool:
        return self.refusal is not None

    @property
    def status(self) -> int:
        return self.refusal.status if self.refusal else 200

    def respond(self, response):
        """``response`` with the refusal's status and, for a rate limit, ``Retry-After``."""
        if self.refusal is not None:
            response.status_code = self.refusal.status
            if self.refusal.retry_after is not None:
                response["Retry-After"] = str(self.refusal.retry_after)
        return response


def _field_for(
    form, error: Exception, *, field: str | None, fields: Mapping[str, str | None]
) -> str | None:
    """A refusal about the words themselves (a blocked word, a length, an unknown name) is
    shown next to the box it is about, where the person is looking; field errors keep their
    own fields, and a refusal of the person (403, 429) is said above the form."""
    if not isinstance(error, ValidationError) or hasattr(error, "error_dict"):
        return None
    code = getattr(error, "code", None)
    if code in fields:
        return fields[code]
    if field is not None:
        return field
    return "body" if "body" in form.fields else None


def _message_for(error: Exception, refusal: Refusal):
    return error if isinstance(error, ValidationError) else refusal.message


@contextmanager
def service_call(
    *,
    form=None,
    request=None,
    field: str | None = None,
    fields: Mapping[str, str | None] | None = None,
) -> Iterator[ServiceCall]:
    """Run one service call; a refusal is recorded instead of raised.

    With ``form`` the message becomes the form's error (field errors stay on their fields;
    ``field`` and ``fields`` place the others, see above); with ``request`` it becomes a
    message for the page the view redirects to.
    """
    call = ServiceCall()
    try:
        yield call
    except REFUSALS as error:
        call.refusal = refusal_for(error)
        if form is not None:
            # A ValidationError keeps its own shape (field errors stay on their fields).
            where = _field_for(form, error, field=field, fields=fields or {})
            form.add_error(where, _message_for(error, call.refusal))
        elif request is not None:
            messages.error(request, call.refusal.message)
