"""Micro-benchmarks for ``make bench``: the crisis detector and the sanitizer, per message.

Run as ``python -m bench.micro`` (Django settings from the environment); prints one JSON
object. The message is a realistic ~1 KB chat/post text: ordinary support-group wording with
a link, some emphasis, a quote and a non-crisis mention of the past, so the detector's
negation/past-tense paths and the sanitizer's linkify/markdown paths all run.
"""

import importlib
import json
import sys
import time

import django

MESSAGE = (
    "Thank you all for last week. I wanted to write down what happened since, because "
    "writing helps me think. After I found the messages I kept replaying every conversation "
    "from the last two years, and some nights I could not sleep at all. Last year I even "
    "thought I didn't want to be here any more, but that is not where I am now: I have a "
    "counsellor, and my sister calls every Sunday.\n\n"
    "> *It is not your job to carry the whole relationship.*\n\n"
    "That line from the guide on rebuilding routines stayed with me. I printed it out. "
    "The article is at https://example.org/guides/rebuilding-routines/ if anyone wants it. "
    "This week I tried the **ten-minute check-in** with my partner: no blame, just what each "
    "of us noticed. It was awkward, and I cried once, but we finished it. Small steps.\n\n"
    "How are the rest of you finding the evenings? Those are still the hardest for me, "
    "especially when the phone lights up and my stomach drops. Sending care to everyone here."
)


# A typical chat line or short reply, about 200 characters: the detector's speed target
# (issue 15: under 1 ms on this machine) is for this size.
TYPICAL_MESSAGE = (
    "honestly tonight was rough, he texted again and i just sat in the car for an hour. "
    "not doing anything stupid, just tired of feeling like this. thanks for being here, "
    "see you thursday"
)


def measure(function, text: str, seconds: float = 1.5) -> dict:
    function(text)  # warm caches and lazy compilation
    count = 0
    began = time.perf_counter()
    deadline = began + seconds
    while True:
        for _ in range(20):
            function(text)
        count += 20
        now = time.perf_counter()
        if now >= deadline:
            break
    elapsed = now - began
    return {"per_s": count / elapsed, "us_per_message": 1e6 * elapsed / count}


def resolve(dotted: str):
    module_name, _, attribute = dotted.rpartition(".")
    try:
        return getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError):
        return None


def main() -> int:
    django.setup()
    results = {"message_bytes": len(MESSAGE.encode())}
    for name in (
        "crisis.assess",
        "community.sanitize.render_plain",
        "community.sanitize.render_markdown",
    ):
        function = resolve(name)
        results[name] = measure(function, MESSAGE) if function else None
    detector = resolve("crisis.assess")
    results["crisis.assess@200"] = measure(detector, TYPICAL_MESSAGE) if detector else None
    json.dump(results, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
