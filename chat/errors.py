"""The chat's one refusal type: the member sees it as an ``error`` frame and stays connected."""

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
