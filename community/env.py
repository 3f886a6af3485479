"""Chooses the settings module from ``DJANGO_ENV`` so every entry point agrees.

An unknown value stops start-up: a mistyped ``DJANGO_ENV=prod`` or ``Production`` must never
fall back to the development settings (DEBUG on, the development secret key).
"""

import os

from django.core.exceptions import ImproperlyConfigured

SETTINGS_BY_ENV = {
    "local": "community.settings.local",
    "test": "community.settings.test",
    "production": "community.settings.production",
}


def settings_module_for(env: str | None) -> str:
    """The settings module for a ``DJANGO_ENV`` value (unset means ``local``)."""
    if env is None:
        return SETTINGS_BY_ENV["local"]
    if env not in SETTINGS_BY_ENV:
        raise ImproperlyConfigured(
            f"DJANGO_ENV must be one of {', '.join(SETTINGS_BY_ENV)} (exactly, in lower case); "
            f"got {env!r}. Start-up stops rather than run the development settings."
        )
    return SETTINGS_BY_ENV[env]


def configure_settings_module() -> None:
    module = settings_module_for(os.environ.get("DJANGO_ENV"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", module)
