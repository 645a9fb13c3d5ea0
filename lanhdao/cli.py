"""The `lanhdao` console script: Django's management commands for an installed product.

`lanhdao migrate`, `lanhdao runserver`, `lanhdao demo` are `manage.py` with the product's settings as default.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lanhdao.settings.base")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["lanhdao", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
