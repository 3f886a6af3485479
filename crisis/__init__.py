"""The site's crisis detector: rules as data plus a learned scorer, in plain Python.

Use :func:`assess`; see ``crisis/README.md`` for how it reads a message, how to add a rule or
a language, how the model is trained and what it scores. This package imports nothing from
Django, so it can be used and tested on its own.
"""

from crisis.detector import Assessment, assess
from crisis.engine import Hit, Suppressed
from crisis.rules import CATEGORIES, LEVEL_OF

__all__ = ["CATEGORIES", "LEVEL_OF", "Assessment", "Hit", "Suppressed", "assess"]
