"""``xuctien demo``: migrate, load the shipped provinces, create demo accounts, serve."""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from xuctien.actions.demo import load_demo_tasks
from xuctien.aftercare.demo import load_demo_requests
from xuctien.core.demo import DEMO_PASSWORD, demo_steps, ensure_demo_accounts
from xuctien.core.loaders import province_code
from xuctien.core.models import Province
from xuctien.labour.demo import load_demo_needs
from xuctien.national.shipped import load_shipped_provinces
from xuctien.programmes import quangninh


class Command(BaseCommand):
    help = "Set up the demo on this database and run the development server."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-server", action="store_true", help="set up, then stop")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("database ready")
        call_command("load_quangninh", stdout=self.stdout)
        province = Province.objects.get(code=province_code(quangninh.build_core()))
        self.stdout.write(f"other provinces: {load_shipped_provinces()}")
        for name, step in demo_steps():
            self.stdout.write(f"{name}: {step(province)}")
        accounts = ensure_demo_accounts(province)
        tasks = load_demo_tasks(province=province)  # needs authors
        self.stdout.write(f"synthetic tasks (minh hoạ): {tasks}")
        requests = load_demo_requests(province=province)  # needs authors
        self.stdout.write(f"synthetic requests (minh hoạ): {requests}")
        self.stdout.write(f"synthetic labour needs (minh hoạ): {load_demo_needs()}")  # its company
        self._print_logins(options["addrport"], accounts)
        if not options["no_server"]:
            call_command("runserver", options["addrport"], use_reloader=False)

    def _print_logins(self, addrport: str, accounts: list) -> None:
        address = addrport if ":" in addrport else f"127.0.0.1:{addrport}"
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Xúc Tiến is at http://{address}/"))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for account in accounts:
            self.stdout.write(f"  {account.username:<14} {account.role:<12} {account.full_name}")
        self.stdout.write("")
