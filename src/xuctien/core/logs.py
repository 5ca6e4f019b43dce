"""Logging helpers named in ``settings.LOGGING``."""

import logging


class RefusalsOnOneLine(logging.Filter):
    """A 403 is an expected answer, not a fault: log its one line, without the traceback.

    Django logs every ``PermissionDenied`` on ``django.request`` with the exception
    attached, which prints a full traceback for each refused page and buries real errors.
    Server errors (5xx) keep theirs.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
