"""``xuctien translations``: extract the messages, compile the catalogs, or check them.

    xuctien translations            # makemessages for vi (needs gettext), then compile
    xuctien translations --compile  # compile every .po to .mo in pure Python (polib)
    xuctien translations --check    # fail when a .mo is missing or differs from its .po

Compiling needs no gettext, so a fresh machine (and CI) builds the same .mo files a
developer does; only extracting new strings needs xgettext.
"""

import contextlib
import shutil
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

LANGUAGES = ["vi"]
IGNORE = ["static/*", "locale/*", "migrations/*", "*/migrations/*"]


def catalogs() -> list[Path]:
    """Every .po file under the project's locale directories."""
    found: list[Path] = []
    for directory in settings.LOCALE_PATHS:
        found.extend(sorted(Path(directory).glob("*/LC_MESSAGES/*.po")))
    return found


def compiled(po_path: Path) -> bytes:
    """The .mo bytes of a catalog: translated entries only (fuzzy ones are left out)."""
    return polib.pofile(str(po_path)).to_binary()


def stale(po_path: Path) -> str | None:
    """Why ``po_path``'s .mo is out of date, or None when it matches."""
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists():
        return "missing"
    if mo_path.read_bytes() != compiled(po_path):
        return "differs from its .po"
    return None


class Command(BaseCommand):
    help = "Extract messages for Vietnamese and compile (or check) every translation catalog."
    requires_system_checks: list = []  # a broken URL elsewhere must not block translators

    def add_arguments(self, parser) -> None:  # type: ignore[no-untyped-def]
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--compile", action="store_true", help="compile only (no gettext)")
        mode.add_argument("--check", action="store_true", help="fail on an out-of-date .mo")

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        if options["check"]:
            return self.check_catalogs()
        if not options["compile"]:
            self.extract(options["verbosity"])
        self.compile_catalogs()
        return None

    def extract(self, verbosity: int) -> None:
        if shutil.which("xgettext") is None:
            raise CommandError(
                "makemessages needs GNU gettext (apt-get install gettext); "
                "use --compile to compile the existing catalogs without it."
            )
        package_dir = Path(settings.LOCALE_PATHS[0]).parent
        # makemessages scans the current directory: the package, so every app's strings
        # land in the one project catalog.
        with contextlib.chdir(package_dir):
            call_command(
                "makemessages",
                locale=LANGUAGES,
                ignore_patterns=IGNORE,
                add_location="file",
                no_obsolete=True,
                verbosity=verbosity,
            )

    def compile_catalogs(self) -> None:
        for po_path in catalogs():
            po = polib.pofile(str(po_path))
            po.save_as_mofile(str(po_path.with_suffix(".mo")))
            missing = len(po.untranslated_entries()) + len(po.fuzzy_entries())
            note = f" ({missing} untranslated or fuzzy)" if missing else ""
            self.stdout.write(f"compiled {po_path}{note}")

    def check_catalogs(self) -> None:
        problems = [f"{po}: .mo {why}" for po in catalogs() if (why := stale(po))]
        if problems:
            raise CommandError(
                "Translations out of date; run `xuctien translations --compile`.\n"
                + "\n".join(problems)
            )
        self.stdout.write("translations up to date")
