"""Chooses the settings module from ``DJANGO_ENV`` so every entry point agrees."""

import os

SETTINGS_BY_ENV = {
    "local": "community.settings.local",
    "test": "community.settings.test",
    "production": "community.settings.production",
}


def configure_settings_module() -> None:
    env = os.environ.get("DJANGO_ENV", "local")
    os.environ.setdefault(
        "DJANGO_SETTINGS_MODULE", SETTINGS_BY_ENV.get(env, SETTINGS_BY_ENV["local"])
    )
