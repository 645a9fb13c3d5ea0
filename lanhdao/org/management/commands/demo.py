from django.core.management import call_command
from django.core.management.base import BaseCommand

from lanhdao.org.demo import DEMO_PASSWORD, DEMO_USERS, demo_loaded, load_demo


class Command(BaseCommand):
    help = "Migrate the database, load the demo province (once) and serve the product on 127.0.0.1:8000."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="Load the data, then stop.")
        parser.add_argument("--addrport", default="127.0.0.1:8000")

    def handle(self, *args, no_serve: bool, addrport: str, **options):
        call_command("migrate", interactive=False, verbosity=0)
        if demo_loaded():
            self.stdout.write("Demo data already loaded.")
        else:
            counts = load_demo()
            self.stdout.write(self.style.SUCCESS(f"Demo loaded: {counts['units']} units, {counts['users']} accounts."))
        self.stdout.write(f"Sign in as admin or one of: {', '.join(u[0] for u in DEMO_USERS)}")
        self.stdout.write(f"Demo password for every account: {DEMO_PASSWORD}")
        if not no_serve:
            call_command("runserver", addrport, use_reloader=False)
