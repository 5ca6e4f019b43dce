"""``xuctien portal_demo``: add the synthetic "projects calling for investment"."""

from typing import Any

from django.core.management.base import BaseCommand

from xuctien.portal.demo import load_demo_opportunities


class Command(BaseCommand):
    help = "Add synthetic (minh hoạ) investment opportunities to the portal, for the demo."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(load_demo_opportunities())
