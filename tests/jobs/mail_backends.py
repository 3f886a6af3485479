"""Mail servers that misbehave, for worker processes under test (set as EMAIL_BACKEND).

Both write what they deliver with Django's file backend (``EMAIL_FILE_PATH``), so a test can
count exactly what arrived.
"""

import os
import smtplib
import time
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend as FileBackend


class DownThenUpBackend(FileBackend):
    """Refuses the first ``TEST_MAIL_FAILURES`` sends of this process, like a server that is
    down, then delivers."""

    failures_left = int(os.environ.get("TEST_MAIL_FAILURES", "0"))

    def send_messages(self, email_messages):
        if DownThenUpBackend.failures_left > 0:
            DownThenUpBackend.failures_left -= 1
            raise smtplib.SMTPServerDisconnected("test: the mail server is down")
        return super().send_messages(email_messages)


class SlowBackend(FileBackend):
    """Takes ``TEST_MAIL_DELAY`` seconds per send; leaves a ``sending-<pid>`` marker in
    ``TEST_MAIL_MARKERS`` first, so a test knows a send is under way."""

    def send_messages(self, email_messages):
        markers = os.environ.get("TEST_MAIL_MARKERS")
        if markers:
            Path(markers, f"sending-{os.getpid()}").touch()
        time.sleep(float(os.environ.get("TEST_MAIL_DELAY", "0")))
        return super().send_messages(email_messages)
