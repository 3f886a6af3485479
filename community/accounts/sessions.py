"""Session engine: Django's database sessions, plus the account id in an indexed column.

Set as ``SESSION_ENGINE``; ``sessions_end_all`` deletes by that column. The session data stays
signed and opaque as before.
"""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

from .models import MemberSession


class SessionStore(DatabaseSessionStore):
    @classmethod
    def get_model_class(cls):
        return MemberSession

    def create_model_instance(self, data):
        instance = super().create_model_instance(data)
        try:
            instance.user_id = int(data.get("_auth_user_id"))
        except (TypeError, ValueError):
            instance.user_id = None
        return instance
