"""The chat's one refusal type: the member sees it as an ``error`` frame and stays connected."""

from community.realtime import ErrorFrame, error_frame


class ChatError(Exception):
    """A refusal the member sees as an ``error`` frame; the connection stays open."""

    def __init__(self, code: str, detail: str):
        super().__init__(code)
        self.code = code
        self.detail = detail

    def as_frame(self) -> ErrorFrame:
        return error_frame(code=self.code, detail=self.detail)
