"""Measure how many realistic ~1 KB messages per second the renderers handle on one core.

Run: python scripts/bench_sanitize.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from community.sanitize import clean_user_html, render_markdown, render_plain  # noqa: E402

MESSAGE = (
    "> I keep going back to what you said last week about **trust being rebuilt in small "
    "steps**.\n\n"
    "Thank you for that. This week I tried the check-in exercise from the guide "
    "(https://example.org/guides/check-ins/) with my partner and it went *better* than I "
    "expected, even though I was nervous the whole evening.\n\n"
    "A few things that helped me:\n\n"
    "- writing down what I wanted to say before we talked\n"
    "- agreeing on a time limit, so it didn't turn into a four-hour argument\n"
    "- taking a walk afterwards, on my own\n\n"
    'Some things were still hard. When they said "I don\'t remember" I felt that old '
    "knot in my stomach again & had to pause. We used the `pause` word we agreed on. "
    "I'm not sure I handled it well, but I didn't shut down like I used to.\n"
    "Has anyone else found that the second or third conversation is harder than the first? "
    "I'd love to hear how you handled it <3 Also, is the Thursday session at www.example.org "
    "still on? Sending care to everyone here, and thank you for holding this space for us.\n"
)

SHORT = "Thank you, that helps a lot <3 see you Thursday at https://example.org/s/42"


def measure(func, text: str, seconds: float = 3.0) -> float:
    func(text)  # warm up (builds the per-thread cleaner)
    count = 0
    start = time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        for _ in range(20):
            func(text)
        count += 20
    return count / elapsed


def main() -> None:
    for label, text in (("post", MESSAGE), ("chat line", SHORT)):
        print(f"{label}: {len(text.encode())} bytes")
        for name, func in (
            ("render_markdown", render_markdown),
            ("render_plain", render_plain),
            ("clean_user_html", clean_user_html),
        ):
            print(f"  {name:16s} {measure(func, text):8.0f} messages/s")


if __name__ == "__main__":
    main()
