"""The browser client's resend timing (static/js/chat-backoff.js), under node's test runner.

The page loads the same file; tests/js/chat_backoff.test.js checks that unacknowledged
messages are resent with exponential backoff and jitter, at least ``retry_after`` after a
``busy`` answer, never on a fixed loop, and not at all while the socket is down.
"""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_chat_clients_backoff_passes_its_node_tests():
    result = subprocess.run(  # noqa: S603
        [shutil.which("node"), "--test", str(ROOT / "tests" / "js")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout
