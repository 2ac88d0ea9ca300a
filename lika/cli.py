"""The `lika` command: Django's management commands with Lika's settings.

`lika serve`, `lika demo`, `lika plan ...` and `lika followup ...` are
management commands of Lika's apps; everything else (`lika migrate`,
`lika createsuperuser`) is Django's own.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lika.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
