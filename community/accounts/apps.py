from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "community.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # allauth removes an authenticator in its own views; its signal is the only hook.
        from allauth.mfa.signals import authenticator_removed
        from django.db.models.signals import post_migrate

        from .adapter import site_row_from_settings
        from .live import on_authenticator_removed

        authenticator_removed.connect(
            on_authenticator_removed, dispatch_uid="accounts.live.authenticator_removed"
        )
        post_migrate.connect(
            site_row_from_settings, sender=self, dispatch_uid="accounts.site_from_settings"
        )
