"""The plan owner's report texts in and out as a YAML file (format: docs/report-texts.md).

The texts can be written in the app or in any editor and loaded with
`lika report texts ROUND FILE`; the demo's 2023 texts come from the 2023 report.
"""

from dataclasses import dataclass

from django.db import transaction

from lika.followup.models import FollowUpRound
from lika.lib.yamlfile import FileProblems, Problem, clean_text, dump_yaml, parse_yaml
from lika.plans.planfile import FieldReader

from .layout import SECTION_KEYS
from .models import RoundReport

FORMAT = "lika-report-texts/1"
HEADER = "# Lika report texts. Format: docs/report-texts.md\n"
LANGUAGES = ("sv", "en")


@dataclass(frozen=True)
class ReportTexts:
    round: str
    language: str
    sections: dict[str, str]


def read_texts_file(text: str, filename: str = "texts.yaml") -> ReportTexts:
    """Parse and check a texts file, or raise FileProblems naming every problem and its line."""
    top = parse_yaml(text, filename)
    reader = FieldReader()
    top = reader.mapping(top, "", None)
    if top is None:
        raise FileProblems(filename, reader.problems.problems)
    reader.check_keys(top, ("format", "round", "language", "sections"), "")
    if top.get("format") != FORMAT:
        reader.problems.add(top.line_of("format"), "format", f"expected {FORMAT!r}, found {top.get('format')!r}")
    round_identifier = reader.string(top, "round", "")
    language = reader.choice(top, "language", "", LANGUAGES)
    sections = reader.mapping(top.get("sections"), "sections", top.line_of("sections"))
    found = {}
    if sections is not None:
        reader.check_keys(sections, SECTION_KEYS, "sections")
        for key in SECTION_KEYS:
            found[key] = reader.string(sections, key, "sections", required=False)
    if reader.problems:
        raise FileProblems(filename, reader.problems.problems)
    return ReportTexts(round=round_identifier, language=language, sections=found)


def import_texts(text: str, filename: str, *, round_identifier: str | None = None) -> RoundReport:
    """Save the texts of a file to its round, all or nothing."""
    texts = read_texts_file(text, filename)
    if round_identifier and round_identifier != texts.round:
        raise FileProblems(filename, [Problem(None, "round", f"the file is for {texts.round!r}, not {round_identifier!r}")])
    round_ = FollowUpRound.objects.filter(identifier=texts.round).first()
    if round_ is None:
        raise FileProblems(filename, [Problem(None, "round", f"no follow-up round {texts.round!r}")])
    with transaction.atomic():
        report, _created = RoundReport.objects.get_or_create(round=round_)
        report.language = texts.language
        for key, value in texts.sections.items():
            setattr(report, key, value)
        report.save()
    return report


def export_texts(report: RoundReport) -> str:
    return dump_yaml(
        {
            "format": FORMAT,
            "round": report.round.identifier,
            "language": report.language,
            "sections": {key: clean_text(getattr(report, key)) for key in SECTION_KEYS},
        },
        HEADER,
    )
