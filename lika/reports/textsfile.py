"""The plan owner's report texts in and out as a YAML file (format: docs/report-texts.md).

The texts can be written in the app or in any editor and loaded with
`lika report texts ROUND FILE`; the demo's 2023 texts come from the 2023 report.
"""

from dataclasses import dataclass

from lika.core.editing import EditConflict
from lika.followup.models import FollowUpRound
from lika.lib.yamlfile import FileProblems, Problem, clean_text, dump_yaml, parse_yaml
from lika.plans.planfile import FieldReader

from .actions import report_texts_version, save_report_texts
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
    version: str | None = None  # the texts' version when the file was saved from Lika (lika.lib.versions)
    version_line: int | None = None


def read_texts_file(text: str, filename: str = "texts.yaml") -> ReportTexts:
    """Parse and check a texts file, or raise FileProblems naming every problem and its line."""
    top = parse_yaml(text, filename)
    reader = FieldReader()
    top = reader.mapping(top, "", None)
    if top is None:
        raise FileProblems(filename, reader.problems.problems)
    reader.check_keys(top, ("format", "round", "language", "version", "sections"), "")
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
    version = reader.string(top, "version", "", required=False) or None
    return ReportTexts(round=round_identifier, language=language, sections=found, version=version,
                       version_line=top.line_of("version") if version else None)


def import_texts(text: str, filename: str, *, round_identifier: str | None = None) -> RoundReport:
    """Save the texts of a file to its round, all or nothing."""
    texts = read_texts_file(text, filename)
    if round_identifier and round_identifier != texts.round:
        raise FileProblems(filename, [Problem(None, "round", f"the file is for {texts.round!r}, not {round_identifier!r}")])
    round_ = FollowUpRound.objects.filter(identifier=texts.round).first()
    if round_ is None:
        raise FileProblems(filename, [Problem(None, "round", f"no follow-up round {texts.round!r}")])
    try:
        return save_report_texts(round_, {"language": texts.language, **texts.sections}, user=None, version=texts.version)
    except EditConflict as conflict:
        fields = ", ".join(item.label for item in conflict.fields)
        raise FileProblems(filename, [Problem(
            texts.version_line, "version",
            f"the texts were changed in Lika since this file was saved ({fields}); nothing was loaded. Save them again "
            "with --save-texts and make your changes there, or remove the version line to replace them anyway",
        )]) from None


def export_texts(report: RoundReport) -> str:
    return dump_yaml(
        {
            "format": FORMAT,
            "round": report.round.identifier,
            "language": report.language,
            "version": report_texts_version(report),
            "sections": {key: clean_text(getattr(report, key)) for key in SECTION_KEYS},
        },
        HEADER,
    )
