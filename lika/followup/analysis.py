"""The analysis of one follow-up round, as plain data in and plain data out.

Every two years each unit reports a status per measure it implements and a few
examples of the work. The plan owner needs to see the gaps while there is
still time to act: measures, perspectives and units with few or no examples,
and units that have not reported. The figures are kept free of Django so they
can be tested exhaustively and reused by the pages, the downloads and the
command line alike; `analysis_data` turns the database into a `RoundData`.
"""

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

STATUSES = ("not_started", "planned", "under_way", "ordinary_operations")
NOT_REPORTED = "not_reported"
STATUS_KEYS = (*STATUSES, NOT_REPORTED)
SHARE_DECIMALS = 3


class AnalysisInputError(ValueError):
    """The round's data contradicts itself; the message names the problem."""


# --- Input -----------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    code: str
    title: str
    area_code: str
    area_title: str


@dataclass(frozen=True)
class Unit:
    key: str
    name: str


@dataclass(frozen=True)
class PerspectiveInfo:
    key: str
    name: str


@dataclass(frozen=True)
class Report:
    unit: str
    measure: str
    status: str  # '' when not given, else one of STATUSES


@dataclass(frozen=True)
class Example:
    unit: str
    measure: str
    related: tuple[str, ...]
    perspectives: tuple[str, ...]
    has_effects: bool
    has_learning: bool


@dataclass(frozen=True)
class RoundData:
    measures: tuple[Measure, ...]  # in plan order
    units: tuple[Unit, ...]  # every unit of the municipality that might appear
    perspectives: tuple[PerspectiveInfo, ...]  # in catalogue order
    responsible: Mapping[str, frozenset[str]]  # measure code -> unit keys that implement it
    submitted_units: frozenset[str]  # units whose submission is not a draft
    reports: tuple[Report, ...]
    examples: tuple[Example, ...]


# --- Output ----------------------------------------------------------------


@dataclass(frozen=True)
class Analysis:
    total_examples: int
    examples_per_measure: dict[str, int]
    examples_touching_measure: dict[str, int]
    examples_per_area: dict[str, int]
    area_titles: dict[str, str]
    examples_per_unit: dict[str, int]
    heatmap: dict[tuple[str, str], int]
    heatmap_units: list[str]
    missing_cells: frozenset[tuple[str, str]]
    examples_per_perspective: dict[str, int]
    examples_without_perspective: int
    intersectional: int
    share_intersectional: float
    measures_without_examples: list[str]
    measures_with_few_examples: list[str]
    perspectives_without_examples: list[str]
    perspectives_with_few_examples: list[str]
    with_effects: int
    with_learning: int
    share_with_effects: float
    share_with_learning: float
    status_counts: dict[str, int]
    units_without_submission: list[str]
    few: int = 1


@dataclass(frozen=True)
class Comparison:
    """Current minus previous; a code present in only one round counts as 0 in the other."""

    examples_per_measure: dict[str, int]
    examples_per_perspective: dict[str, int]
    total_examples: int
    share_with_effects: float
    share_with_learning: float
    share_intersectional: float
    status_counts: dict[str, int]


# --- Validation --------------------------------------------------------------


def validate(data: RoundData, *, few: int = 1) -> None:
    """Raise AnalysisInputError for the first contradiction found in the round's data."""
    if isinstance(few, bool) or not isinstance(few, int) or few < 0:
        raise AnalysisInputError(f"few must be a whole number of at least 0, not {few!r}")
    measures = _unique("measure code", (m.code for m in data.measures))
    units = _unique("unit key", (u.key for u in data.units))
    perspectives = _unique("perspective key", (p.key for p in data.perspectives))
    _validate_responsible(data.responsible, measures, units)
    for key in sorted(data.submitted_units):
        _known(units, key, "unit", "submitted units")
    _validate_reports(data.reports, measures, units)
    _validate_examples(data.examples, measures, units, perspectives)


def _unique(kind: str, values: Iterable[str]) -> frozenset[str]:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise AnalysisInputError(f"duplicate {kind} {value!r}")
        seen.add(value)
    return frozenset(seen)


def _known(known: frozenset[str], value: str, kind: str, where: str) -> None:
    if value not in known:
        plural = {"measure": "the plan's measures", "unit": "the units", "perspective": "the perspectives"}[kind]
        raise AnalysisInputError(f"{where}: {kind} {value!r} is not among {plural}")


def _validate_responsible(responsible: Mapping[str, frozenset[str]], measures: frozenset[str], units: frozenset[str]):
    for code, unit_keys in responsible.items():
        _known(measures, code, "measure", "responsible units")
        for key in sorted(unit_keys):
            _known(units, key, "unit", f"responsible units of measure {code!r}")


def _validate_reports(reports: tuple[Report, ...], measures: frozenset[str], units: frozenset[str]) -> None:
    seen: set[tuple[str, str]] = set()
    for number, report in enumerate(reports, start=1):
        where = f"report {number} (unit {report.unit!r}, measure {report.measure!r})"
        _known(units, report.unit, "unit", where)
        _known(measures, report.measure, "measure", where)
        if report.status != "" and report.status not in STATUSES:
            allowed = ", ".join(STATUSES)
            raise AnalysisInputError(f"{where}: status {report.status!r} is not allowed (use '' or one of {allowed})")
        # Two statuses for one measure from one unit leave no way to choose between them.
        if (report.unit, report.measure) in seen:
            raise AnalysisInputError(f"{where}: the unit reports on this measure more than once")
        seen.add((report.unit, report.measure))


def _validate_examples(
    examples: tuple[Example, ...], measures: frozenset[str], units: frozenset[str], perspectives: frozenset[str]
) -> None:
    for number, example in enumerate(examples, start=1):
        where = f"example {number} (unit {example.unit!r}, measure {example.measure!r})"
        _known(units, example.unit, "unit", where)
        _known(measures, example.measure, "measure", where)
        for code in example.related:
            _known(measures, code, "measure", f"{where}, related measures")
        for key in example.perspectives:
            _known(perspectives, key, "perspective", where)


# --- Figures -----------------------------------------------------------------


def analyse(data: RoundData, *, few: int = 1) -> Analysis:
    """All the figures of one round. `few` is the most examples a measure or perspective
    may have and still be listed as having few."""
    validate(data, few=few)
    codes = [m.code for m in data.measures]
    per_measure = _zeros(codes) | _count(e.measure for e in data.examples)
    touching = _zeros(codes) | _count(code for e in data.examples for code in _touched(e))
    units = _units_in_view(data)
    per_perspective = _zeros(p.key for p in data.perspectives) | _count(
        key for e in data.examples for key in set(e.perspectives)
    )
    examples = data.examples
    total = len(examples)
    intersectional = sum(1 for e in examples if len(set(e.perspectives)) >= 2)
    with_effects = sum(1 for e in examples if e.has_effects)
    with_learning = sum(1 for e in examples if e.has_learning)
    heatmap = _heatmap(data, units)
    return Analysis(
        total_examples=total,
        examples_per_measure=per_measure,
        examples_touching_measure=touching,
        examples_per_area=_per_area(data.measures, per_measure),
        area_titles=_area_titles(data.measures),
        examples_per_unit=_per_unit(data, units),
        heatmap=heatmap,
        heatmap_units=units,
        missing_cells=frozenset(
            (code, key) for code, keys in data.responsible.items() for key in keys if heatmap[(code, key)] == 0
        ),
        examples_per_perspective=per_perspective,
        examples_without_perspective=sum(1 for e in examples if not e.perspectives),
        intersectional=intersectional,
        share_intersectional=_share(intersectional, total),
        measures_without_examples=_with_counts(touching, 0, 0),
        measures_with_few_examples=_with_counts(touching, 1, few),
        perspectives_without_examples=_with_counts(per_perspective, 0, 0),
        perspectives_with_few_examples=_with_counts(per_perspective, 1, few),
        with_effects=with_effects,
        with_learning=with_learning,
        share_with_effects=_share(with_effects, total),
        share_with_learning=_share(with_learning, total),
        status_counts=_status_counts(data),
        units_without_submission=_units_without_submission(data),
        few=few,
    )


def _zeros(keys: Iterable[str]) -> dict[str, int]:
    return {key: 0 for key in keys}


def _count(keys: Iterable[str]) -> dict[str, int]:
    return dict(Counter(keys))


def _touched(example: Example) -> set[str]:
    # A set, so an example that also lists its own measure as related counts once.
    return {example.measure, *example.related}


def _share(part: int, total: int) -> float:
    return part / total if total else 0.0


def _with_counts(counts: dict[str, int], low: int, high: int) -> list[str]:
    return [key for key, count in counts.items() if low <= count <= high]


def _per_area(measures: tuple[Measure, ...], per_measure: dict[str, int]) -> dict[str, int]:
    per_area = _zeros(m.area_code for m in measures)
    for measure in measures:
        per_area[measure.area_code] += per_measure[measure.code]
    return per_area


def _area_titles(measures: tuple[Measure, ...]) -> dict[str, str]:
    titles: dict[str, str] = {}
    for measure in measures:
        titles.setdefault(measure.area_code, measure.area_title)  # the first measure names its area
    return titles


def name_key(name: str) -> tuple[str, str]:
    """Sort key for names in Swedish order (å, ä, ö after z, é as e) without the OS locale,
    which is often missing on servers."""
    folded = name.casefold().translate(_SWEDISH_LETTERS)
    plain = "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))
    return plain, name


# The three characters after "z" in code point order stand in for å, ä and ö.
_SWEDISH_LETTERS = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}"})


def _units_in_view(data: RoundData) -> list[str]:
    """Units responsible for any measure or with any example, by name."""
    names = {u.key: u.name for u in data.units}
    keys = {key for keys in data.responsible.values() for key in keys} | {e.unit for e in data.examples}
    return sorted(keys, key=lambda key: (name_key(names[key]), key))


def _per_unit(data: RoundData, units: list[str]) -> dict[str, int]:
    names = {u.key: u.name for u in data.units}
    counts = _zeros(units) | _count(e.unit for e in data.examples)
    ordered = sorted(counts, key=lambda key: (-counts[key], name_key(names[key]), key))
    return {key: counts[key] for key in ordered}


def _heatmap(data: RoundData, units: list[str]) -> dict[tuple[str, str], int]:
    # Every cell is present, so a template can read any (measure, unit) without defaults.
    cells = {(m.code, key): 0 for m in data.measures for key in units}
    for example in data.examples:
        cells[(example.measure, example.unit)] += 1
    return cells


def _status_counts(data: RoundData) -> dict[str, int]:
    # Only what a unit has submitted counts: a status in a draft is not yet reported.
    given = {(r.unit, r.measure): r.status for r in data.reports if r.unit in data.submitted_units}
    counts = _zeros(STATUS_KEYS)
    for code, keys in data.responsible.items():
        for key in keys:
            counts[given.get((key, code)) or NOT_REPORTED] += 1
    return counts


def _units_without_submission(data: RoundData) -> list[str]:
    names = {u.key: u.name for u in data.units}
    keys = {key for keys in data.responsible.values() for key in keys} - data.submitted_units
    return [names[key] for key in sorted(keys, key=lambda key: (name_key(names[key]), key))]


@dataclass(frozen=True)
class MeasureLesson:
    """What one round taught about one measure, for revising the plan."""

    code: str
    statuses: dict[str, str]  # unit key -> status, NOT_REPORTED when the unit gave none
    examples: int
    perspectives_missing: list[str]  # perspective keys no example of the measure touches
    without_effects: int
    without_learning: int

    @property
    def units_not_reported(self) -> list[str]:
        return [key for key, status in self.statuses.items() if status == NOT_REPORTED]


def measure_lessons(data: RoundData) -> dict[str, MeasureLesson]:
    """Per measure code: each responsible unit's status, the examples, the grounds (perspectives)
    none of its examples covers, and the examples without effects or learning."""
    validate(data)
    given = {(r.unit, r.measure): r.status for r in data.reports if r.unit in data.submitted_units}
    names = {u.key: u.name for u in data.units}
    lessons = {}
    for measure in data.measures:
        own = [e for e in data.examples if e.measure == measure.code]
        covered = {key for e in own for key in e.perspectives}
        units = sorted(data.responsible.get(measure.code, ()), key=lambda key: (name_key(names[key]), key))
        lessons[measure.code] = MeasureLesson(
            code=measure.code,
            statuses={key: given.get((key, measure.code)) or NOT_REPORTED for key in units},
            examples=len(own),
            perspectives_missing=[p.key for p in data.perspectives if p.key not in covered],
            without_effects=sum(1 for e in own if not e.has_effects),
            without_learning=sum(1 for e in own if not e.has_learning),
        )
    return lessons


# --- Out ---------------------------------------------------------------------


def summary(analysis: Analysis) -> dict:
    """The main figures as a JSON-ready dict (string keys, shares rounded)."""
    return {
        "total_examples": analysis.total_examples,
        "examples_per_measure": dict(analysis.examples_per_measure),
        "examples_touching_measure": dict(analysis.examples_touching_measure),
        "examples_per_area": dict(analysis.examples_per_area),
        "examples_per_unit": dict(analysis.examples_per_unit),
        "examples_per_perspective": dict(analysis.examples_per_perspective),
        "examples_without_perspective": analysis.examples_without_perspective,
        "intersectional": analysis.intersectional,
        "share_intersectional": round(analysis.share_intersectional, SHARE_DECIMALS),
        "with_effects": analysis.with_effects,
        "with_learning": analysis.with_learning,
        "share_with_effects": round(analysis.share_with_effects, SHARE_DECIMALS),
        "share_with_learning": round(analysis.share_with_learning, SHARE_DECIMALS),
        "status_counts": dict(analysis.status_counts),
        "measures_without_examples": list(analysis.measures_without_examples),
        "measures_with_few_examples": list(analysis.measures_with_few_examples),
        "perspectives_without_examples": list(analysis.perspectives_without_examples),
        "perspectives_with_few_examples": list(analysis.perspectives_with_few_examples),
        "units_without_submission": list(analysis.units_without_submission),
    }


def compare(current: Analysis, previous: Analysis) -> Comparison:
    """How the current round differs from the previous one."""
    return Comparison(
        examples_per_measure=_deltas(current.examples_per_measure, previous.examples_per_measure),
        examples_per_perspective=_deltas(current.examples_per_perspective, previous.examples_per_perspective),
        total_examples=current.total_examples - previous.total_examples,
        share_with_effects=current.share_with_effects - previous.share_with_effects,
        share_with_learning=current.share_with_learning - previous.share_with_learning,
        share_intersectional=current.share_intersectional - previous.share_intersectional,
        status_counts=_deltas(current.status_counts, previous.status_counts),
    )


def _deltas(current: dict[str, int], previous: dict[str, int]) -> dict[str, int]:
    # Current order first, then what only the previous round had (e.g. a measure since removed).
    keys = list(current) + [key for key in previous if key not in current]
    return {key: current.get(key, 0) - previous.get(key, 0) for key in keys}


# --- The report's words about one measure --------------------------------------

MEASURE_MENTION = re.compile(
    r"\b(?:åtgärd|åtgärden|åtgärder|åtgärderna|measure|measures)\s+"
    r"(\d+[a-z]?(?:\s*(?:,|och|samt|and|–|-)\s*\d+[a-z]?)*)",
    re.IGNORECASE,
)


def mentioned_codes(paragraph: str) -> set[str]:
    """The measure codes a paragraph names ("åtgärd 2", "åtgärderna 3, 4 och 7", "measure 5")."""
    codes: set[str] = set()
    for match in MEASURE_MENTION.finditer(paragraph):
        listed = match.group(1)
        codes.update(re.findall(r"\d+[a-z]?", listed))
        for first, last in re.findall(r"(\d+)\s*[–-]\s*(\d+)", listed):  # "åtgärd 8-11": a range
            if int(first) < int(last) <= int(first) + 50:
                codes.update(str(number) for number in range(int(first), int(last) + 1))
    return codes


def paragraphs_about(text: str, code: str, area_title: str = "") -> list[str]:
    """The paragraphs of a report text that name the measure by its code, or its area by title."""
    found = []
    for paragraph in (p.strip() for p in re.split(r"\n\s*\n", text or "")):
        if not paragraph:
            continue
        if code in mentioned_codes(paragraph) or (area_title and area_title.casefold() in paragraph.casefold()):
            found.append(paragraph)
    return found
