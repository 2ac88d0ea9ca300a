"""`lika person export USERNAME` and `lika person remove USERNAME`: a person's data (docs/personal-data.md).

    lika person export hbg-soc [--output FILE]   # everything Lika holds that names them, as JSON
    lika person remove hbg-soc --yes              # anonymise the account; what they wrote stays, by unit
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from lika.organisations import persons


class Command(BaseCommand):
    help = "Export a person's data as JSON (GDPR art. 15) or remove it (art. 17)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        export = sub.add_parser("export", help="everything Lika holds that names the person, as JSON")
        export.add_argument("username")
        export.add_argument("--output", help="file to write (default: standard output)")
        remove = sub.add_parser("remove", help="anonymise the person's account; their contributions stay, by unit")
        remove.add_argument("username")
        remove.add_argument("--yes", action="store_true", help="really remove (it cannot be undone)")

    def handle(self, *args, what, username, **options):
        try:
            user = persons.find(username)
        except persons.PersonNotFound as exc:
            raise CommandError(str(exc)) from None
        if what == "export":
            text = json.dumps(persons.export(user), ensure_ascii=False, indent=2)
            if options["output"]:
                with open(options["output"], "w", encoding="utf-8") as out:
                    out.write(text + "\n")
                self.stderr.write(f"person: wrote {options['output']}")
            else:
                sys.stdout.write(text + "\n")
            return
        if not options["yes"]:
            raise CommandError(f"this removes {username}'s personal data and cannot be undone: add --yes")
        counts = persons.remove(user)
        removed = ", ".join(f"{n} {label}" for label, n in counts.items()) or "no roles or sign-in records"
        self.stdout.write(f"person: {username} is now removed-{user.pk}; removed {removed}")
