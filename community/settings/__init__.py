"""Settings modules: ``base`` (shared), ``local`` (make run), ``test`` and ``production``.

``DJANGO_ENV`` picks one when ``DJANGO_SETTINGS_MODULE`` is not set (see ``community.env``).
"""
