from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

QUIET_MAIL = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}


def demo_modules():
    """Each app that has demo data keeps it in `<app>/demo.py` (load_demo, demo_loaded); they load in the order of
    INSTALLED_APPS, so an app finds the data of the apps it builds on."""
    for config in apps.get_app_configs():
        if config.name.startswith("lanhdao.") and find_spec(f"{config.name}.demo"):
            yield import_module(f"{config.name}.demo")


def second_factor_accounts() -> list[str]:
    from lanhdao.accounts.models import User
    from lanhdao.accounts.selectors import needs_second_factor
    from lanhdao.org.demo import DEMO_USERS

    names = ["admin", *(row[0] for row in DEMO_USERS)]
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    return [name for name in names if name in users and needs_second_factor(users[name])]


class Command(BaseCommand):
    help = "Migrate the database, load the demo province (once) and serve the product on 127.0.0.1:8000."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="Load the data, then stop.")
        parser.add_argument("--addrport", default="127.0.0.1:8000")
        parser.add_argument(
            "--debug",
            action="store_true",
            help="Serve with Django's debug pages (a developer's tool: they list every route and setting).",
        )

    def handle(self, *args, no_serve: bool, addrport: str, debug: bool = False, **options):
        from lanhdao.org.demo import DEMO_PASSWORD, DEMO_USERS

        call_command("migrate", interactive=False, verbosity=0)
        for module in demo_modules():
            name = module.__name__.split(".")[-2]
            if module.demo_loaded():
                self.stdout.write(f"{name}: demo data already loaded.")
                continue
            # Loading writes the notifications a real office would get, but mails none of them to the console.
            with override_settings(MAILERS=QUIET_MAIL), transaction.atomic():
                counts = module.load_demo()
            summary = ", ".join(f"{n} {what}" for what, n in counts.items())
            self.stdout.write(self.style.SUCCESS(f"{name}: demo loaded ({summary})."))
        self.stdout.write(f"Sign in as admin or one of: {', '.join(u[0] for u in DEMO_USERS)}")
        self.stdout.write(f"Demo password for every account: {DEMO_PASSWORD}")
        self.stdout.write(
            "Second factor: "
            + ", ".join(second_factor_accounts())
            + " (cleared above Normal, or managing users) set up an authenticator app (FreeOTP, Aegis, Google or"
            " Microsoft Authenticator…) at their first sign-in: scan the QR code shown, enter its code, keep the"
            " recovery codes. The other accounts sign in with the password alone."
        )
        if not no_serve:
            # A visitor of the demo meets the product's own error pages, never Django's debug pages; the static files
            # are then served by WhiteNoise from the apps (WHITENOISE_USE_FINDERS), without a collectstatic step.
            # WhiteNoise also serves STATIC_ROOT, and warns at start when the demo never collected into it.
            Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
            with override_settings(DEBUG=debug):
                call_command("runserver", addrport, use_reloader=False)
