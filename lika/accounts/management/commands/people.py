"""`lika people`: IT's view of people and roles.

    lika people list [--municipality SLUG]
    lika people assign USERNAME --municipality SLUG --role ROLE [--unit KEY] [--email E --first-name F --last-name L]
    lika people import FILE.csv     columns: username,email,first_name,last_name,municipality,role,unit
    lika people invite USERNAME --municipality SLUG   e-mail the person their roles and how to sign in

An import is all or nothing: every row is checked, and if any is refused
nothing is saved and each refusal is printed with its line number.
"""

import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from lika.organisations import actions
from lika.organisations.models import Membership, Municipality, Role

COLUMNS = [
    "username",
    "email",
    "first_name",
    "last_name",
    "municipality",
    "role",
    "unit",
]


class RowsRefused(Exception):
    pass


def municipality_named(slug: str) -> Municipality:
    municipality = Municipality.objects.filter(slug=slug).first()
    if municipality is None:
        names = ", ".join(Municipality.objects.values_list("slug", flat=True)) or "none"
        raise actions.ActionRefused(f"no municipality {slug!r} (there are: {names})")
    return municipality


class Command(BaseCommand):
    help = "List people and their roles, give roles, or import people and roles from a CSV file."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="command", required=True)
        listing = sub.add_parser("list", help="people and their roles, tab-separated")
        listing.add_argument("--municipality")
        assign = sub.add_parser(
            "assign", help="give a person a role (adding the person if new)"
        )
        assign.add_argument("username")
        assign.add_argument("--municipality", required=True)
        assign.add_argument("--role", required=True, choices=Role.values)
        assign.add_argument("--unit")
        assign.add_argument("--email", default="")
        assign.add_argument("--first-name", default="")
        assign.add_argument("--last-name", default="")
        importing = sub.add_parser(
            "import", help=f"people and roles from a CSV file ({','.join(COLUMNS)})"
        )
        importing.add_argument("file")
        inviting = sub.add_parser("invite", help="e-mail a person their roles in the municipality and how to sign in")
        inviting.add_argument("username")
        inviting.add_argument("--municipality", required=True)

    def handle(self, *args, command, **options):
        try:
            getattr(self, f"handle_{command}")(**options)
        except actions.ActionRefused as exc:
            raise CommandError(str(exc)) from None

    def handle_list(self, municipality=None, **options):
        memberships = Membership.objects.select_related(
            "user", "municipality", "unit"
        ).order_by("municipality__slug", "user__username", "role")
        if municipality:
            memberships = memberships.filter(
                municipality=municipality_named(municipality)
            )
        for m in memberships:
            unit = m.unit.key if m.unit else ""
            self.stdout.write(
                f"{m.municipality.slug}	{m.user.username}	{m.user.email}	{m.role}	{unit}"
            )

    def handle_assign(
        self,
        username,
        municipality,
        role,
        unit,
        email,
        first_name,
        last_name,
        **options,
    ):
        membership = actions.give_role(
            None,
            municipality_named(municipality),
            username,
            role,
            unit,
            email=email,
            first_name=first_name,
            last_name=last_name,
        )
        self.stdout.write(f"{membership.user.username}: {membership}")

    def handle_invite(self, username, municipality, **options):
        from django.contrib.auth import get_user_model

        from lika.accounts.invitations import send_invitation

        person = get_user_model().objects.filter(username=username, is_active=True).first()
        if person is None:
            raise actions.ActionRefused(f"no active person with the user name {username!r}")
        with transaction.atomic():
            send_invitation(person, municipality_named(municipality), None)
        self.stdout.write(f"invitation sent to {person.email}")

    def handle_import(self, file, **options):
        rows = read_rows(Path(file))
        problems: list[str] = []
        try:
            with transaction.atomic():
                for line, row in rows:
                    try:
                        actions.give_role(
                            None,
                            municipality_named(row["municipality"]),
                            row["username"],
                            row["role"],
                            row["unit"] or None,
                            email=row["email"],
                            first_name=row["first_name"],
                            last_name=row["last_name"],
                        )
                    except actions.ActionRefused as exc:
                        problems.append(f"{file}, line {line}: {exc}")
                if problems:
                    raise RowsRefused
        except RowsRefused:
            raise CommandError(
                "nothing was imported:\n" + "\n".join(problems)
            ) from None
        self.stdout.write(f"{len(rows)} row(s) imported from {file}")


def read_rows(path: Path) -> list[tuple[int, dict]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(
            f"{path}: cannot read it as UTF-8 text ({exc.__class__.__name__})"
        ) from None
    reader = csv.DictReader(text.splitlines())
    missing = [column for column in COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise CommandError(
            f"{path}: the header lacks {', '.join(missing)} (expected {','.join(COLUMNS)})"
        )
    return [
        (number, {k: (v or "").strip() for k, v in row.items()})
        for number, row in enumerate(reader, start=2)
    ]
