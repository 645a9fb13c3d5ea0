"""`lanhdao reform2025 --province <code|name> | --country [--preview|--apply] [--effective 2025-07-01] --user NAME`:
preview, then apply, the 2025 reorganisation from the official conversion data (restructuring.reform2025)."""

import datetime
import time

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from lanhdao.restructuring import reform2025 as data
from lanhdao.restructuring import reform2025_plans as reform


class Command(BaseCommand):
    help = (
        "Preview (the default) or apply the 2025 reorganisation of local government and of the Party's committees "
        "to a new province or to the whole country: all of it in one transaction, or none; a province already "
        "reformed is left as it is."
    )

    def add_arguments(self, parser):
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--province", help="The new province: its GSO code (19) or its name (Thái Nguyên).")
        scope.add_argument("--country", action="store_true", help="Every new province whose old committees exist.")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--preview", action="store_true", help="Say what would change (the default).")
        mode.add_argument("--apply", action="store_true", help="Apply it.")
        parser.add_argument("--effective", type=datetime.date.fromisoformat, default=data.EFFECTIVE_ON)
        parser.add_argument("--user", help="The account applying it (the organisation board or a superuser).")

    def handle(self, *args, province, country, apply, effective, user, **options):
        try:
            codes = reform.country_provinces() if country else [data.resolve_province(province)]
        except LookupError as error:
            raise CommandError(f"No new province called {error}.") from error
        if not apply:
            for code in codes:
                self._preview(code, effective)
            return
        if not user:
            raise CommandError("--apply needs --user: the account the operations are recorded under.")
        actor = get_user_model().objects.filter(username=user).first()
        if actor is None:
            raise CommandError(f"No user {user}.")
        started = time.monotonic()
        try:
            done = reform.apply_provinces(
                actor=actor, provinces=codes, day=effective, progress=lambda n, total: self.stderr.write(f"{n}/{total}")
            )
        except (ValidationError, PermissionDenied) as error:
            raise CommandError(f"Nothing was applied: {'; '.join(getattr(error, 'messages', [str(error)]))}") from error
        for code, operations in done.items():
            state = f"{len(operations)} operations" if operations else "already reformed: nothing to do"
            self.stdout.write(f"{data.province_name(code)}: {state}")
        self.stdout.write(f"Done in {time.monotonic() - started:.1f} s.")

    def _preview(self, code: int, day: datetime.date) -> None:
        design = reform.design(code, day=day)
        name = data.province_name(code)
        if design.applied is not None:
            self.stdout.write(f"{name}: already reformed on {design.applied.applied_at:%Y-%m-%d}.")
            return
        if design.survivor is None:
            self.stdout.write(f"{name}: none of its old province committees is in the tree.")
            return
        counts = reform.preview(design, day)
        self.stdout.write(f"{name} ({data.legal_basis(code)}):")
        for key, value in counts.items():
            self.stdout.write(f"  {key}: {value}")
        for held in design.to_place:
            self.stdout.write(f"  to place: {held.unit.code} {held.unit.name} — {held.reason}")
