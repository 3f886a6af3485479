"""The chat's one refusal type: the member sees it as an ``error`` frame and stays connected."""

from django.utils.translation import gettext as _

from community.realtime import ErrorFrame, error_frame


class ChatError(Exception):
    """A refusal the member sees as an ``error`` frame; the connection stays open.

    ``retry_after`` (seconds) tells the client when sending again can succeed (``busy``,
    ``rate_limited``); it resends the same ``client_id`` no sooner than that.
    """

    def __init__(self, code: str, detail: str, *, retry_after: float | None = None):
        super().__init__(code)
        self.code = code
        self.detail = detail
        self.retry_after = retry_after

    def as_frame(self) -> ErrorFrame:
        return error_frame(code=self.code, detail=self.detail, retry_after=self.retry_after)


def refusal_text(error: Exception) -> str:
    """What a refused service call says, for an ``error`` frame (404s say nothing more)."""
    messages = getattr(error, "messages", None)
    if messages:
        return " ".join(str(m) for m in messages)
    if error.args and isinstance(error.args[0], str):
        return error.args[0]
    return str(_("Only the group's facilitators can do that."))
