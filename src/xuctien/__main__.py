"""The ``xuctien`` console script: everything ``manage.py`` does."""

import os
import sys

from django.core.exceptions import ImproperlyConfigured


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xuctien.settings")
    from django.conf import settings
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018  (loads the settings: fail before any command)
    except ImproperlyConfigured as exc:
        # A missing or unreadable variable is a setup step, not a crash: one line, no traceback.
        sys.exit(f"xuctien: {exc}")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
