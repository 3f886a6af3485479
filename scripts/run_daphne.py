"""``make run``'s server: daphne, with an access log that shows routes, not secrets.

Daphne's own access log writes each request's full address (search terms, calendar and
invitation tokens). This starts daphne exactly as its command line does, with the access log
replaced by ``community.log_privacy.RedactedAccessLog``. Arguments are daphne's.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import daphne.cli  # noqa: E402

from community.log_privacy import RedactedAccessLog  # noqa: E402

# daphne builds its access log from this name when it starts; nothing else changes.
daphne.cli.AccessLogGenerator = RedactedAccessLog

if __name__ == "__main__":
    daphne.cli.CommandLineInterface.entrypoint()
