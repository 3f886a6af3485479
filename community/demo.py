"""Demo data, gathered from each app's ``demo`` module so apps seed what they own.

An app opts in with a module ``<app>/demo.py`` that defines ``ORDER`` (lower runs first) and
``seed(*, users, stdout)``. Every seeder must be idempotent: ``seed_demo`` runs on every
``make run``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps


@dataclass
class DemoUsers:
    moderator: object
    facilitator: object
    members: list = field(default_factory=list)
    passwords: dict[str, str] = field(default_factory=dict)


def demo_seeders() -> list[tuple[int, str, Callable]]:
    seeders = []
    for config in apps.get_app_configs():
        module_name = f"{config.name}.demo"
        if find_spec(module_name) is None:
            continue
        module = import_module(module_name)
        if hasattr(module, "seed"):
            seeders.append((getattr(module, "ORDER", 50), module_name, module.seed))
    return sorted(seeders, key=lambda item: (item[0], item[1]))
