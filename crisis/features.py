"""The learned scorer's features: hashed character and word n-grams of normalised text.

The same function turns text into features when the model is trained
(``manage.py crisis_train``) and when a message is scored, so the two can never drift apart.
A feature is a bucket number: the CRC-32 of the n-gram, cut to ``BITS`` bits. CRC-32 is
stable across processes and Python versions (``hash()`` is salted per process), needs no
vocabulary file, and unseen n-grams simply have no weight.

- character 3-, 4- and 5-grams of each sentence padded with spaces: they see inside words,
  so typos, inflections ("matarme", "matandome") and run-together words still share features;
- words and word pairs: they see "not suicidal" and "want to" as units.

Numbers are not evidence: an n-gram or word with no letter in it ("40", ":40", "11:4") is left
out, and in the others every digit counts as ``0`` ("00 pills"). Trained on numbers, the model
learned that ":40" means a plan (the corpus's trains leave at 11:40 and 23:40) and read
"Checking in, 40" and "the session starts at 6:40" as crises; the words around a time ("the
last train", "on the platform") are what carry the risk.

Features are per sentence; a window of sentences is the union of its sentences' features.
"""

from __future__ import annotations

import re
from zlib import crc32

__all__ = ["BITS", "CHAR_SIZES", "sentence_features", "tag_features", "text_features"]

BITS = 20
MASK = (1 << BITS) - 1
CHAR_SIZES = (3, 4, 5)
_WORDS = re.compile(r"[^\W_]+")
_DIGIT = re.compile(r"\d")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_WORD_TAG = b"\x01"
_PAIR_TAG = b"\x02"
_TAG_TAG = b"\x03"


def sentence_features(sentence: str) -> set[int]:
    """The feature buckets of one sentence of normalised text."""
    sentence = _DIGIT.sub("0", sentence)
    padded = f" {sentence.strip()} "
    size = len(padded)
    numbers = "0" in padded
    if padded.isascii() and not numbers:
        data = padded.encode()
        found = {crc32(data[i : i + n]) & MASK for n in CHAR_SIZES for i in range(size - n + 1)}
    else:
        grams = (padded[i : i + n] for n in CHAR_SIZES for i in range(size - n + 1))
        found = {
            crc32(gram.encode()) & MASK for gram in grams if not numbers or _HAS_LETTER.search(gram)
        }
    words = [w.encode() for w in _WORDS.findall(sentence) if not numbers or _HAS_LETTER.search(w)]
    found.update(crc32(_WORD_TAG + word) & MASK for word in words)
    found.update(
        crc32(_PAIR_TAG + first + b" " + second) & MASK
        for first, second in zip(words, words[1:], strict=False)
    )
    return found


def tag_features(tags: list[str]) -> set[int]:
    """Buckets for what the rules found ("hit:intent", "guard:past"), beside the n-grams."""
    return {crc32(_TAG_TAG + tag.encode()) & MASK for tag in tags}


def text_features(sentences: list[str]) -> set[int]:
    """The features of a window of sentences (the union of theirs)."""
    found: set[int] = set()
    for sentence in sentences:
        found |= sentence_features(sentence)
    return found
