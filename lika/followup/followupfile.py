"""The follow-up file (`lika-followup/1`): a round with its submissions, in and out.

See docs/followup-file.md. Reading checks the file on its own; `import_round`
checks it against the database (document, units, measure codes) and writes
everything in one transaction, or nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from lika.lib.testpause import pause_for_crash_test
from lika.lib.yamlfile import (
    FileProblems,
    FlowList,
    Problem,
    ProblemList,
    dump_yaml,
    parse_yaml,
)
from lika.organisations.models import OrganisationUnit
from lika.plans.models import Node, SteeringDocument
from lika.plans.planfile import FieldReader
from lika.plans.queries import implementing_units, measure_nodes
from lika.reference.models import Perspective

from .models import (
    Answer,
    EffectsKind,
    EventAction,
    Example,
    FollowUpRound,
    MeasureReport,
    MeasureStatus,
    ReviewState,
    RoundQuestion,
    RoundState,
    Submission,
    SubmissionEvent,
    SubmissionState,
)

FORMAT = "lika-followup/1"
HEADER = "# Lika follow-up file. Format: docs/followup-file.md\n"
PARTNER_FLAGS = ("civil_society", "business", "academia", "public_sector")
EXAMPLE_KEYS = (
    "title", "what_was_done", "effects", "effects_kind", "learning", "related_measures", "perspectives",
    "partners", "target_groups", "period_start", "period_end", "links",
)


def read_followup_file(text: str, filename: str) -> dict:
    """The file as checked plain data (dates as date objects), or FileProblems."""
    data = parse_yaml(text, filename)
    reader = FieldReader()
    top = reader.mapping(data, "", 1)
    if top is None:
        raise FileProblems(filename, reader.problems.problems)
    reader.check_keys(top, ("format", "round", "submissions"), "")
    if top.get("format") != FORMAT:
        reader.problems.add(top.line_of("format"), "format", f"expected {FORMAT!r}, found {top.get('format')!r}")
    result = {"round": None, "submissions": []}
    round_map = reader.mapping(top.get("round"), "round", top.line_of("round"))
    if round_map is not None:
        result["round"] = _read_round(reader, round_map)
    question_keys = {q["key"] for q in (result["round"] or {}).get("questions", [])}
    max_examples = (result["round"] or {}).get("max_examples", 3)
    seen_units: set[str] = set()
    for path, s_map in reader.items(top, "submissions", "", ("unit", "state", "measures", "answers")):
        result["submissions"].append(
            _read_submission(
                reader, s_map, path, question_keys=question_keys, max_examples=max_examples, seen_units=seen_units
            )
        )
    if reader.problems:
        raise FileProblems(filename, reader.problems.problems)
    return result


def _read_round(reader: FieldReader, round_map) -> dict:
    path = "round"
    reader.check_keys(
        round_map,
        ("identifier", "document", "title", "reference_number", "period_start", "period_end", "opens_on",
         "closes_on", "max_examples", "reminder_days", "state", "questions"),
        path,
    )
    round_data = {
        "identifier": reader.key(round_map, "identifier", path),
        "document": reader.key(round_map, "document", path),
        "title": reader.text(round_map, "title", path),
        "reference_number": reader.string(round_map, "reference_number", path, required=False),
        "period_start": reader.date(round_map, "period_start", path),
        "period_end": reader.date(round_map, "period_end", path),
        "opens_on": reader.date(round_map, "opens_on", path),
        "closes_on": reader.date(round_map, "closes_on", path),
        "max_examples": _integer(reader, round_map, "max_examples", path, 3, 1, 10),
        "reminder_days": _integer(reader, round_map, "reminder_days", path, 7, 0, 60),
        "state": reader.choice(round_map, "state", path, tuple(RoundState.values)),
        "questions": [],
    }
    for first, second in (("period_start", "period_end"), ("opens_on", "closes_on")):
        if round_data[first] and round_data[second] and round_data[second] < round_data[first]:
            reader.problems.add(round_map.line_of(second), f"round.{second}", f"{round_data[second]} is before {first} {round_data[first]}")
    for q_path, q_map in reader.items(round_map, "questions", path, ("key", "text")):
        round_data["questions"].append({"key": reader.key(q_map, "key", q_path), "text": reader.text(q_map, "text", q_path)})
    return round_data


def _read_submission(
    reader: FieldReader, s_map, path: str, *, question_keys: set[str], max_examples: int, seen_units: set[str]
) -> dict:
    submission = {
        "unit": reader.key(s_map, "unit", path),
        "state": reader.choice(s_map, "state", path, tuple(SubmissionState.values)),
        "measures": [],
        "answers": [],
        "line": s_map.line,
    }
    if submission["unit"] in seen_units:
        reader.problems.add(s_map.line_of("unit"), f"{path}.unit", f"the unit {submission['unit']!r} has two submissions")
    seen_units.add(submission["unit"])
    seen_measures: set[str] = set()
    for m_path, m_map in reader.items(s_map, "measures", path, ("measure", "status", "comment", "examples")):
        submission["measures"].append(
            _read_measure(reader, m_map, m_path, max_examples=max_examples, seen_measures=seen_measures)
        )
    for a_path, a_map in reader.items(s_map, "answers", path, ("question", "text")):
        key = reader.string(a_map, "question", a_path)
        if key and key not in question_keys:
            reader.problems.add(a_map.line_of("question"), f"{a_path}.question", f"the round has no question {key!r}")
        submission["answers"].append({"question": key, "text": reader.string(a_map, "text", a_path, required=False)})
    return submission


def _read_measure(reader: FieldReader, m_map, m_path: str, *, max_examples: int, seen_measures: set[str]) -> dict:
    measure = {
        "measure": reader.string(m_map, "measure", m_path),
        "status": reader.string(m_map, "status", m_path, required=False),
        "comment": reader.string(m_map, "comment", m_path, required=False),
        "examples": [],
        "line": m_map.line_of("measure"),
    }
    if measure["status"] and measure["status"] not in MeasureStatus.values:
        reader.problems.add(m_map.line_of("status"), f"{m_path}.status", f"{measure['status']!r} is not one of: {', '.join(MeasureStatus.values)}")
    if measure["measure"] in seen_measures:
        reader.problems.add(measure["line"], f"{m_path}.measure", f"measure {measure['measure']!r} is listed twice")
    seen_measures.add(measure["measure"])
    examples = reader.sequence(m_map, "examples", m_path)
    if len(examples) > max_examples:
        reader.problems.add(examples.line, f"{m_path}.examples", f"{len(examples)} examples; the round takes at most {max_examples}")
    for e_path, e_map in reader.items(m_map, "examples", m_path, EXAMPLE_KEYS):
        measure["examples"].append(_read_example(reader, e_map, e_path))
    return measure


def _integer(reader, mapping, key, path, default, low, high) -> int:
    value = mapping.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        reader.problems.add(mapping.line_of(key), f"{path}.{key}", f"{value!r} is not a whole number from {low} to {high}")
        return default
    return value


def _string_list(reader, mapping, key, path) -> list[str]:
    items = reader.sequence(mapping, key, path)
    result = []
    for index, item in enumerate(items):
        if not isinstance(item, (str, int)) or isinstance(item, bool):
            reader.problems.add(items.line_of(index), f"{path}.{key}[{index}]", "expected text")
        else:
            result.append(str(item))
    return result


def _read_example(reader: FieldReader, mapping, path: str) -> dict:
    example = {
        "title": reader.string(mapping, "title", path),
        "what_was_done": reader.string(mapping, "what_was_done", path),
        "effects": reader.string(mapping, "effects", path, required=False),
        "effects_kind": reader.string(mapping, "effects_kind", path, required=False),
        "learning": reader.string(mapping, "learning", path, required=False),
        "related_measures": _string_list(reader, mapping, "related_measures", path),
        "perspectives": _string_list(reader, mapping, "perspectives", path),
        "target_groups": reader.string(mapping, "target_groups", path, required=False),
        "period_start": reader.date(mapping, "period_start", path, required=False),
        "period_end": reader.date(mapping, "period_end", path, required=False),
        "links": _string_list(reader, mapping, "links", path),
        "line": mapping.line,
    }
    if example["effects_kind"] and example["effects_kind"] not in EffectsKind.values:
        reader.problems.add(mapping.line_of("effects_kind"), f"{path}.effects_kind", f"{example['effects_kind']!r} is not one of: observed, expected")
    if example["period_start"] and example["period_end"] and example["period_end"] < example["period_start"]:
        reader.problems.add(mapping.line_of("period_end"), f"{path}.period_end", "the period ends before it starts")
    partners = reader.mapping(mapping.get("partners"), f"{path}.partners", mapping.line_of("partners"), required=False)
    example["partners"] = {flag: False for flag in PARTNER_FLAGS} | {"units": [], "names": ""}
    if partners is not None:
        reader.check_keys(partners, (*PARTNER_FLAGS, "units", "names"), f"{path}.partners")
        for flag in PARTNER_FLAGS:
            value = partners.get(flag, False)
            if not isinstance(value, bool):
                reader.problems.add(partners.line_of(flag), f"{path}.partners.{flag}", "expected true or false")
            example["partners"][flag] = value is True
        example["partners"]["units"] = _string_list(reader, partners, "units", f"{path}.partners")
        example["partners"]["names"] = reader.string(partners, "names", f"{path}.partners", required=False)
    return example


def import_round_text(text: str, filename: str, *, replace: bool = False, progress: Callable[[str], None] = lambda m: None) -> FollowUpRound:
    data = read_followup_file(text, filename)
    problems = ProblemList()
    round_data = data["round"]
    document = SteeringDocument.objects.filter(identifier=round_data["document"]).select_related("municipality").first()
    if document is None:
        raise FileProblems(filename, [Problem(None, "round.document", f"no document {round_data['document']!r}; import its plan file first")])
    existing = FollowUpRound.objects.filter(identifier=round_data["identifier"]).first()
    if existing and not replace:
        problems.add(None, "round.identifier", f"the round {round_data['identifier']!r} already exists; import with --replace to replace it")
    if existing and existing.document_id != document.pk:
        problems.add(None, "round.identifier", f"{round_data['identifier']!r} belongs to another document")
    known = _Known(
        document=document,
        units={u.key: u for u in OrganisationUnit.objects.filter(municipality=document.municipality)},
        measures={node.code: node for node in measure_nodes(document)},
        all_codes=set(document.nodes.values_list("code", flat=True)),
        responsible=implementing_units(document),
        perspectives={p.key: p for p in Perspective.objects.all()},
    )
    _check_submissions(data["submissions"], known, filename=filename, problems=problems, progress=progress)
    if problems:
        raise FileProblems(filename, problems.problems)
    with transaction.atomic():
        if existing:
            existing.delete()
        round_ = _write_round(document, round_data)
        questions = {}
        for position, question in enumerate(round_data["questions"]):
            questions[question["key"]] = RoundQuestion.objects.create(
                round=round_, key=question["key"], position=position, text_sv=question["text"].sv, text_en=question["text"].en
            )
        count = _write_submissions(data["submissions"], known, round_=round_, questions=questions, filename=filename)
        pause_for_crash_test("followup-import")
        progress(f"{round_.identifier}: {len(data['submissions'])} submissions, {count} examples")
    return round_


@dataclass
class _Known:
    """What the database knows that the file refers to: the document's units, measures and codes, the perspectives."""

    document: SteeringDocument
    units: dict[str, OrganisationUnit]
    measures: dict[str, Node]
    all_codes: set[str]
    responsible: dict[int, set[int]]  # measure pk -> pks of the active units that implement it
    perspectives: dict[str, Perspective]


def _check_submissions(
    submissions: list[dict], known: _Known, *, filename: str, problems: ProblemList, progress: Callable[[str], None]
) -> None:
    document = known.document
    for s_index, submission in enumerate(submissions):
        unit = known.units.get(submission["unit"])
        if unit is None:
            problems.add(submission["line"], f"submissions[{s_index}].unit", f"no unit {submission['unit']!r} in {document.municipality.name}")
            continue
        for m_index, measure in enumerate(submission["measures"]):
            m_path = f"submissions[{s_index}].measures[{m_index}]"
            node = known.measures.get(measure["measure"])
            if node is None:
                problems.add(measure["line"], f"{m_path}.measure", f"{document.identifier} has no measure {measure['measure']!r}")
                continue
            if unit.pk not in known.responsible.get(node.pk, set()):
                # Units do report on measures the plan does not give them (2023: three did); keep it, say so.
                progress(f"{filename}:{measure['line']}: note: {unit.name_sv} reports on measure {node.code}, which the plan does not give it")
            for e_index, example in enumerate(measure["examples"]):
                _check_example(example, f"{m_path}.examples[{e_index}]", known, node=node, problems=problems)


def _check_example(example: dict, e_path: str, known: _Known, *, node: Node, problems: ProblemList) -> None:
    document = known.document
    for code in example["related_measures"]:
        if code not in known.all_codes or code == node.code:
            problems.add(example["line"], f"{e_path}.related_measures", f"{code!r} is not another measure of {document.identifier}")
    for key in example["perspectives"]:
        if key not in known.perspectives:
            problems.add(example["line"], f"{e_path}.perspectives", f"unknown perspective {key!r}; known: {', '.join(known.perspectives)}")
    for key in example["partners"]["units"]:
        if key not in known.units:
            problems.add(example["line"], f"{e_path}.partners.units", f"no unit {key!r} in {document.municipality.name}")


def _write_round(document: SteeringDocument, round_data: dict) -> FollowUpRound:
    return FollowUpRound.objects.create(
        document=document,
        identifier=round_data["identifier"],
        title_sv=round_data["title"].sv,
        title_en=round_data["title"].en,
        reference_number=round_data["reference_number"],
        period_start=round_data["period_start"],
        period_end=round_data["period_end"],
        opens_on=round_data["opens_on"],
        closes_on=round_data["closes_on"],
        max_examples=round_data["max_examples"],
        reminder_days=round_data["reminder_days"],
        state=round_data["state"],
    )


def _write_submissions(
    submissions: list[dict], known: _Known, *, round_: FollowUpRound, questions: dict[str, RoundQuestion], filename: str
) -> int:
    """Each submission with its reports, examples and answers; how many examples were written."""
    nodes_by_code = {node.code: node for node in known.document.nodes.all()}
    count = 0
    for submission_data in submissions:
        submission = Submission.objects.create(round=round_, unit=known.units[submission_data["unit"]], state=submission_data["state"])
        reviewed = ReviewState.APPROVED if submission.state == SubmissionState.APPROVED else ReviewState.PENDING
        for measure_data in submission_data["measures"]:
            report = MeasureReport.objects.create(
                submission=submission,
                measure=known.measures[measure_data["measure"]],
                status=measure_data["status"],
                comment=measure_data["comment"],
                review_state=reviewed,
            )
            for position, e in enumerate(measure_data["examples"]):
                _write_example(report, position, e, known, nodes_by_code=nodes_by_code)
                count += 1
        Answer.objects.bulk_create(
            Answer(submission=submission, question=questions[a["question"]], text=a["text"]) for a in submission_data["answers"]
        )
        SubmissionEvent.objects.create(submission=submission, action=EventAction.IMPORTED, comment=filename)
    return count


def _write_example(report: MeasureReport, position: int, e: dict, known: _Known, *, nodes_by_code: dict[str, Node]) -> None:
    example = Example.objects.create(
        measure_report=report,
        position=position,
        title=e["title"],
        what_was_done=e["what_was_done"],
        effects=e["effects"],
        effects_kind=e["effects_kind"],
        learning=e["learning"],
        partner_civil_society=e["partners"]["civil_society"],
        partner_business=e["partners"]["business"],
        partner_academia=e["partners"]["academia"],
        partner_public_sector=e["partners"]["public_sector"],
        partner_names=e["partners"]["names"],
        target_groups=e["target_groups"],
        period_start=e["period_start"],
        period_end=e["period_end"],
        links="\n".join(e["links"]),
    )
    example.related_measures.set([nodes_by_code[c] for c in e["related_measures"]])
    example.perspectives.set([known.perspectives[k] for k in e["perspectives"]])
    example.partner_units.set([known.units[k] for k in e["partners"]["units"]])


def export_round(round_: FollowUpRound) -> str:
    submissions = [
        _export_submission(submission) for submission in round_.submissions.select_related("unit").order_by("unit__key")
    ]
    data = {
        "format": FORMAT,
        "round": {
            "identifier": round_.identifier,
            "document": round_.document.identifier,
            "title": _export_text(round_, "title"),
            "reference_number": round_.reference_number,
            "period_start": round_.period_start.isoformat(),
            "period_end": round_.period_end.isoformat(),
            "opens_on": round_.opens_on.isoformat(),
            "closes_on": round_.closes_on.isoformat(),
            "max_examples": round_.max_examples,
            "reminder_days": round_.reminder_days,
            "state": round_.state,
            "questions": [{"key": q.key, "text": _export_text(q, "text")} for q in round_.questions.order_by("position")],
        },
        "submissions": submissions,
    }
    return dump_yaml(data, header=HEADER)


def _export_text(obj, field: str) -> dict:
    value = {"sv": getattr(obj, f"{field}_sv")}
    if getattr(obj, f"{field}_en"):
        value["en"] = getattr(obj, f"{field}_en")
    return value


def _export_submission(submission: Submission) -> dict:
    measures = []
    for report in submission.measure_reports.select_related("measure").order_by("measure__position"):
        examples = [
            _export_example(e)
            for e in report.examples.prefetch_related("related_measures", "perspectives", "partner_units").order_by("position", "pk")
        ]
        entry = {"measure": report.measure.code}
        if report.status:
            entry["status"] = report.status
        if report.comment:
            entry["comment"] = report.comment
        entry["examples"] = examples
        measures.append(entry)
    answers = [
        {"question": a.question.key, "text": a.text}
        for a in submission.answers.select_related("question").order_by("question__position")
    ]
    return {"unit": submission.unit.key, "state": submission.state, "measures": measures, "answers": answers}


def _export_example(e: Example) -> dict:
    return {
        "title": e.title,
        "what_was_done": e.what_was_done,
        "effects": e.effects,
        "effects_kind": e.effects_kind,
        "learning": e.learning,
        "related_measures": FlowList(sorted((n.code for n in e.related_measures.all()), key=_code_key)),
        "perspectives": FlowList(p.key for p in sorted(e.perspectives.all(), key=lambda p: p.position)),
        "partners": {
            "civil_society": e.partner_civil_society,
            "business": e.partner_business,
            "academia": e.partner_academia,
            "public_sector": e.partner_public_sector,
            "units": FlowList(sorted(u.key for u in e.partner_units.all())),
            "names": e.partner_names,
        },
        "target_groups": e.target_groups,
        "period_start": e.period_start.isoformat() if e.period_start else None,
        "period_end": e.period_end.isoformat() if e.period_end else None,
        "links": e.link_list(),
    }


def _code_key(code: str):
    return [int(part) if part.isdigit() else part for part in code.replace("-", ".").split(".")]

