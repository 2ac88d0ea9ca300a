"""`lika tokens`: API tokens on the command line, the same job as the page "API tokens".

    lika tokens create --municipality SLUG --name NAME --scope read|read-write --expires YYYY-MM-DD
    lika tokens list [--municipality SLUG]
    lika tokens revoke PREFIX

The token is printed once, on create; only its hash is kept. A wrong argument gets one line.
"""

import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lika.api.models import ApiToken, Scope
from lika.api.tokens import TokenRefused, create_token, revoke_token
from lika.organisations.models import Municipality


class OneLineParser(CommandParser):
    """A wrong argument: one line on standard error and exit status 2, no usage block."""

    def error(self, message):
        if getattr(self, "called_from_command_line", True):
            sys.stderr.write(f"lika tokens: {message} (see lika tokens --help)\n")
            sys.exit(2)
        raise CommandError(f"Error: {message}")


def _municipality(slug: str) -> Municipality:
    found = Municipality.objects.filter(slug=slug).first()
    if found is None:
        known = ", ".join(Municipality.objects.order_by("slug").values_list("slug", flat=True))
        raise CommandError(f"--municipality: no municipality {slug!r}; known: {known}")
    return found


class Command(BaseCommand):
    help = "Create, list or revoke API tokens for a municipality."

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.__class__ = OneLineParser
        return parser

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True, parser_class=OneLineParser)
        create = sub.add_parser("create", help="make a token and print it once")
        create.add_argument("--municipality", required=True, help="the municipality's short name")
        create.add_argument("--name", required=True, help="what the token is for, e.g. Stratsys")
        create.add_argument("--scope", choices=Scope.values, default=Scope.READ)
        create.add_argument("--expires", required=True, help="last day the token works (YYYY-MM-DD)")
        listing = sub.add_parser("list", help="list the tokens (never their secrets)")
        listing.add_argument("--municipality", help="only this municipality's tokens")
        revoke = sub.add_parser("revoke", help="stop a token from working")
        revoke.add_argument("prefix", help="the token's prefix, as `lika tokens list` shows it")

    def handle(self, *args, **options):
        try:
            getattr(self, options["what"])(options)
        except TokenRefused as refused:
            raise CommandError(str(refused)) from None

    def create(self, options):
        try:
            expires = date.fromisoformat(options["expires"])
        except ValueError:
            raise CommandError(f"--expires: {options['expires']!r} is not a date; write it as YYYY-MM-DD") from None
        municipality = _municipality(options["municipality"])
        token, secret = create_token(municipality, name=options["name"], scope=options["scope"], expires_on=expires, access=None)
        self.stdout.write(f"{secret}\n")
        self.stderr.write(f"token {token.prefix} '{token.name}' for {municipality.slug}, {token.scope}, until {token.expires_on}: shown once, keep it now")

    def list(self, options):
        tokens = ApiToken.objects.select_related("municipality").order_by("municipality__slug", "-created_at", "-id")
        if options["municipality"]:
            tokens = tokens.filter(municipality=_municipality(options["municipality"]))
        for token in tokens:
            used = token.last_used_at.strftime("%Y-%m-%d %H:%M") if token.last_used_at else "never used"
            self.stdout.write(f"{token.prefix}  {token.municipality.slug}  {token.scope:<10}  until {token.expires_on}  {token.state():<7}  {used}  {token.name}")

    def revoke(self, options):
        token = ApiToken.objects.filter(prefix=options["prefix"].removeprefix("lika_")[:8]).first()
        if token is None:
            raise CommandError(f"no token with the prefix {options['prefix']!r}; `lika tokens list` shows them")
        revoke_token(token, access=None)
        self.stdout.write(f"token {token.prefix} '{token.name}' revoked")
