from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "content"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from jobs.mail import help_footer_provide

        from .caching import connect_signals
        from .help_footer import help_footer

        connect_signals()
        # Every email to a member ends with the help lines of their country (jobs.mail sits
        # below content, so the directory is handed to it here).
        help_footer_provide(help_footer)
