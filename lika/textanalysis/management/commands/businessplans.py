"""`lika businessplans import DIR --year Y --municipality SLUG`: read and store every plan in a folder.
`lika businessplans words DOCUMENT FILE`: the plan owner's words for reading against a plan's items
(docs/business-plan-analysis.md), saved as a new version; every stored plan is read again.
`lika businessplans passages DOCUMENT --unit KEY --year Y`: what one unit's plan was found to take
up, per item, each passage with its digest; `lika businessplans set-aside DOCUMENT --unit KEY
--year Y ITEM DIGEST [--restore]`: a passage is not about the item (as on the plan's page);
`lika businessplans add-passage DOCUMENT --unit KEY --year Y ITEM TEXT`: a passage the reading
missed takes up the item.

Each file's unit is recognised from its name (the unit's key or name, e.g.
kulturforvaltningen-2025.pdf). One line per file: stored, replaced, or why not.
Progress ("8 of 20 files read") goes to standard error, a few files at a time.
Exit status 1 when any file was refused; the others are stored all the same.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from lika.organisations.models import Municipality, OrganisationUnit
from lika.textanalysis.actions import (
    ActionRefused,
    store_plans_in_steps,
    unit_from_filename,
)

SUFFIXES = {".pdf", ".docx", ".txt"}


class Command(BaseCommand):
    help = "Read and store the business plans in a folder for one year (units recognised from the file names)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Read every PDF, DOCX and text file in a folder.")
        imp.add_argument("folder")
        imp.add_argument("--year", type=int, required=True)
        imp.add_argument("--municipality", required=True, help="The municipality's short name, e.g. helsingborg.")
        imp.add_argument("--workers", type=int, default=None, help="Worker processes (default: one per core, at most 4).")

        words = sub.add_parser("words", help="Save the words (one line per item: 1.1.3 +word -word) and read every plan again.")
        words.add_argument("document", help="The steering document's identifier.")
        words.add_argument("file", help="A text file with the words, or - for standard input.")

        for name, text in (
            ("passages", "List the passages found in one unit's plan, per item, with their digests."),
            ("set-aside", "Set a passage aside for an item (not about it), or --restore it."),
            ("add-passage", "Count a passage the reading missed for an item: give a sentence of it."),
        ):
            one = sub.add_parser(name, help=text)
            one.add_argument("document", help="The steering document's identifier.")
            one.add_argument("--unit", required=True, help="The unit's key, e.g. kulturnamnden.")
            one.add_argument("--year", type=int, required=True)
            if name == "add-passage":
                one.add_argument("item", help="The item's code, e.g. 1.1.3.")
                one.add_argument("text", help="A sentence from the passage, as the plan writes it.")
            if name == "set-aside":
                one.add_argument("item", help="The item's code, e.g. 1.1.3.")
                one.add_argument("digest", help="The passage's digest, as `passages` prints it.")
                one.add_argument("--restore", action="store_true", help="Count the passage for the item again.")

    def handle(self, *args, **options):
        if options["action"] == "words":
            return self._words(options["document"], options["file"])
        if options["action"] in ("passages", "set-aside", "add-passage"):
            return self._passages(options)
        folder = Path(options["folder"])
        if not folder.is_dir():
            raise CommandError(f"{folder}: no such folder")
        municipality = Municipality.objects.filter(slug=options["municipality"]).first()
        if municipality is None:
            raise CommandError(f"no municipality {options['municipality']!r}")
        units = list(OrganisationUnit.objects.filter(municipality=municipality))
        paths = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
        if not paths:
            raise CommandError(f"{folder}: no PDF, DOCX or text files")
        files = [(p.name, p.read_bytes, unit_from_filename(p.name, units)) for p in paths]

        def progress(percent, text):
            self.stderr.write(f"{percent:3d} % {text}")

        try:
            with translation.override("en"):
                outcomes = store_plans_in_steps(
                    municipality, options["year"], files, access=None, progress=progress, workers=options["workers"]
                )
        except ActionRefused as error:
            raise CommandError(str(error)) from None
        for outcome in outcomes:
            if outcome.error:
                self.stdout.write(f"{outcome.filename}: not stored: {outcome.error}")
            else:
                verb = "replaced" if outcome.replaced else "stored"
                self.stdout.write(f"{outcome.filename}: {verb} as {outcome.plan.unit.key} {outcome.plan.year}, {outcome.plan.page_count} pages")
        refused = sum(1 for o in outcomes if o.error)
        if refused:
            raise CommandError(f"{refused} of {len(outcomes)} files were not stored")

    def _words(self, identifier, file):
        import sys

        from lika.plans.models import SteeringDocument
        from lika.textanalysis.actions import (
            WordsRefused,
            WordsUnchanged,
            save_leaf_words,
        )

        document = SteeringDocument.objects.filter(identifier=identifier).first()
        if document is None:
            raise CommandError(f"no steering document {identifier!r}")
        try:
            text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{file}: {error}") from None
        try:
            with translation.override("en"):
                version, count = save_leaf_words(document, text, access=None)
        except WordsRefused as refused:
            raise CommandError("the words were not saved:\n" + "\n".join(refused.problems)) from None
        except WordsUnchanged as unchanged:
            self.stdout.write(f"{identifier}: nothing changed; words version {unchanged.version} is in force")
            return
        self.stdout.write(f"{identifier}: words version {version} saved; {count} business plans read again")

    def _passages(self, options):
        from lika.plans.models import SteeringDocument
        from lika.textanalysis import actions
        from lika.textanalysis.leafreading import passage_digest
        from lika.textanalysis.models import BusinessPlan, LeafReading

        document = SteeringDocument.objects.filter(identifier=options["document"]).first()
        if document is None:
            raise CommandError(f"no steering document {options['document']!r}")
        plan = BusinessPlan.objects.filter(municipality=document.municipality, unit__key=options["unit"], year=options["year"]).first()
        if plan is None:
            raise CommandError(f"no business plan of {options['unit']!r} for {options['year']} in {document.municipality.slug}")
        if options["action"] == "add-passage":
            try:
                with translation.override("en"):
                    decision = actions.add_passage(plan, document, options["item"], options["text"], access=None)
            except actions.ActionRefused as refused:
                raise CommandError(str(refused)) from None
            self.stdout.write(f"added for {options['item']}: page {decision.page}, {decision.digest}; the plan was read again")
            return
        if options["action"] == "set-aside":
            try:
                with translation.override("en"):
                    if options["restore"]:
                        done = actions.restore_passage(plan, document, options["item"], options["digest"], access=None)
                        self.stdout.write("restored" if done else "that passage was not set aside")
                    else:
                        actions.set_passage_aside(plan, document, options["item"], options["digest"], access=None)
                        self.stdout.write(f"set aside for {options['item']}; the plan was read again")
            except actions.ActionRefused as refused:
                raise CommandError(str(refused)) from None
            return
        reading = LeafReading.objects.filter(plan=plan, document=document).first()
        for passage in reading.passages if reading else []:
            excerpt = " ".join(passage["text"].split())[:100]
            for code in passage["themes"]:
                self.stdout.write(f"{code}\tpage {passage['page']}\t{passage_digest(passage['text'])}\t{excerpt}")
        for decision in plan.set_aside_passages.filter(document=document).order_by("leaf", "page"):
            self.stdout.write(f"{decision.leaf}\tpage {decision.page}\t{decision.digest}\tset aside: {' '.join(decision.text.split())[:80]}")
