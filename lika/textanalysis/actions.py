"""Every change to business plans and the vocabulary goes through these actions.

Analysts and plan owners of the municipality may upload plans; only plan
owners may change the vocabulary. Each plan is stored in its own transaction,
so one bad file in a batch loses nothing else.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lika.core.editing import check_version, version_of
from lika.lib.yamlfile import FileProblems
from lika.organisations.access import Access, can_analyse

from . import pipeline
from .extract import ExtractionError
from .leafreading import find_passage, passage_digest
from .matcher import pages_language
from .models import (
    AddedPassage,
    BusinessPlan,
    LeafReading,
    PlanVocabulary,
    SetAsidePassage,
    ThemeScore,
    vocabulary_for,
)
from .plan_reading import (
    NothingToReadAgainst,
    documents_to_read_against,
    leaf_codes,
    leaf_themes,
    read_pages,
    themes_digest,
)
from .vocabulary import load_vocabulary


class ActionRefused(Exception):
    pass


def max_bytes() -> int:
    return getattr(settings, "LIKA_BUSINESS_PLAN_MAX_BYTES", 50 * 1024 * 1024)


def can_edit_vocabulary(access: Access, municipality) -> bool:
    return access.is_superuser or access.is_plan_owner(municipality)


def _check(access: Access | None, municipality) -> None:
    if access is not None and not can_analyse(access, municipality):
        raise ActionRefused(_("Only analysts and plan owners may upload business plans."))


def _slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def unit_from_filename(filename: str, units) -> object | None:
    """The unit whose key or name the file name contains (the longest match), or None."""
    name = _slug(filename.rsplit(".", 1)[0])
    best, best_length = None, 0
    for unit in units:
        for candidate in {unit.key, _slug(unit.name_sv), _slug(unit.name_en or "")}:
            if candidate and len(candidate) > best_length and re.search(rf"(^|-){re.escape(candidate)}(-|$)", name):
                best, best_length = unit, len(candidate)
    return best


@dataclass
class Outcome:
    filename: str
    plan: BusinessPlan | None = None
    error: str = ""
    replaced: bool = False


def _write(municipality, unit, year, filename, analysis, version, user) -> tuple[BusinessPlan, bool]:
    with transaction.atomic():
        existing = BusinessPlan.objects.select_for_update().filter(unit=unit, year=year).first()
        plan = existing or BusinessPlan(municipality=municipality, unit=unit, year=year)
        plan.original_filename = filename[:255]
        plan.file_type = analysis.file_type
        plan.numbering = analysis.numbering
        plan.page_count = analysis.page_count
        plan.empty_pages = analysis.empty_pages
        plan.pages = analysis.pages
        plan.passages = analysis.passages
        plan.vocabulary_version = version
        plan.uploaded_by = user
        plan.uploaded_at = timezone.now()
        plan.save()
        plan.scores.all().delete()
        ThemeScore.objects.bulk_create(
            ThemeScore(plan=plan, theme=key, status=status, passages=count, in_heading=heading) for key, status, count, heading in analysis.scores
        )
        _read_against([plan], documents_to_read_against(municipality))
    return plan, existing is not None


def _read_against(plans: list[BusinessPlan], documents, themes=None) -> None:
    """Store each plan's reading against each document's own leaves, replacing earlier readings."""
    for document in documents:
        try:
            document_themes = themes or leaf_themes(document)
        except NothingToReadAgainst:
            continue
        digest = themes_digest(document_themes)
        LeafReading.objects.filter(plan__in=plans, document=document).delete()
        set_aside: dict[int, set] = {}
        for plan_id, leaf, passage in SetAsidePassage.objects.filter(plan__in=plans, document=document).values_list("plan_id", "leaf", "digest"):
            set_aside.setdefault(plan_id, set()).add((leaf, passage))
        added: dict[int, list] = {}
        for plan_id, leaf, page, text in AddedPassage.objects.filter(plan__in=plans, document=document).order_by("pk").values_list("plan_id", "leaf", "page", "text"):
            added.setdefault(plan_id, []).append((leaf, page, text))
        readings = []
        for plan in plans:
            passages, scores = read_pages(plan.pages, document_themes, set_aside.get(plan.pk, set()), added.get(plan.pk, []))
            readings.append(LeafReading(plan=plan, document=document, passages=passages, scores=scores, themes_digest=digest))
        LeafReading.objects.bulk_create(readings, batch_size=200)


def bring_readings_up_to_date(document) -> int:
    """Read against the document every stored business plan of its municipality that has not been
    read with its present items and words (a plan adopted or changed after the business plans were
    stored, a new version of Lika). Returns the number of plans read; usually none, in two queries."""
    from lika.plans.models import SteeringDocument

    try:
        themes = leaf_themes(document)
    except NothingToReadAgainst:
        return 0
    digest = themes_digest(themes)
    current = LeafReading.objects.filter(document=document, themes_digest=digest).values("plan_id")
    stale = BusinessPlan.objects.filter(municipality_id=document.municipality_id).exclude(pk__in=current)
    if not stale.exists():
        return 0
    with transaction.atomic():
        SteeringDocument.objects.select_for_update().filter(pk=document.pk).first()  # one reader at a time
        plans = list(stale)
        _read_against(plans, [document], themes)
    return len(plans)


def _reading_to_decide(plan, document, leaf: str, access: Access | None) -> None:
    if access is not None and not can_edit_vocabulary(access, document.municipality):
        raise ActionRefused(_("Only plan owners may set aside what the reading found."))
    if plan.municipality_id != document.municipality_id:
        raise ActionRefused(_("The business plan and the plan it is read against belong to different municipalities."))
    if leaf not in leaf_codes(document):
        raise ActionRefused(_("%(item)s is not one of the plan's items.") % {"item": leaf})


@transaction.atomic
def set_passage_aside(plan, document, leaf: str, digest: str, *, access: Access | None, user=None) -> SetAsidePassage | None:
    """The plan owner says a passage found for an item is not about it: it leaves the plan's
    reading (and the table and report built on it) now and whenever the plan is read again."""
    _reading_to_decide(plan, document, leaf, access)
    if AddedPassage.objects.filter(plan=plan, document=document, leaf=leaf, digest=digest).delete()[0]:
        _read_against([plan], [document])  # a passage added by hand is simply taken back
        return None
    reading = LeafReading.objects.select_for_update().filter(plan=plan, document=document).first()
    passage = next((p for p in (reading.passages if reading else []) if leaf in p["themes"] and passage_digest(p["text"]) == digest), None)
    existing = SetAsidePassage.objects.filter(plan=plan, document=document, leaf=leaf, digest=digest).first()
    if existing:
        return existing  # set aside already (a second tab, a second click)
    if passage is None:
        raise ActionRefused(_("That passage is no longer found for %(item)s: the plan may have been read again.") % {"item": leaf})
    decision = SetAsidePassage.objects.create(plan=plan, document=document, leaf=leaf, digest=digest, page=passage["page"], text=passage["text"], decided_by=user)
    _read_against([plan], [document])
    return decision


@transaction.atomic
def restore_passage(plan, document, leaf: str, digest: str, *, access: Access | None) -> bool:
    """Undo set_passage_aside: the passage counts for the item again. False if it was not set aside."""
    _reading_to_decide(plan, document, leaf, access)
    deleted, _by_model = SetAsidePassage.objects.filter(plan=plan, document=document, leaf=leaf, digest=digest).delete()
    if deleted:
        _read_against([plan], [document])
    return bool(deleted)


class WordsRefused(Exception):
    """The plan owner's words were not saved; `problems` are the translated lines."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@transaction.atomic
def add_passage(plan, document, leaf: str, quote: str, *, access: Access | None, user=None) -> AddedPassage:
    """The plan owner says a passage the reading missed takes up an item: `quote` is text from it
    (a sentence is enough). It counts for the item now and whenever the plan is read again;
    set_passage_aside takes it back."""
    _reading_to_decide(plan, document, leaf, access)
    found = find_passage(plan.pages, quote)
    if found is None:
        raise ActionRefused(_("That text is not in this business plan (or is shorter than ten characters). Copy a sentence from one paragraph of the plan."))
    page, text = found
    digest = passage_digest(text)
    SetAsidePassage.objects.filter(plan=plan, document=document, leaf=leaf, digest=digest).delete()
    reading = LeafReading.objects.select_for_update().filter(plan=plan, document=document).first()
    if reading and any(leaf in p["themes"] and passage_digest(p["text"]) == digest for p in reading.passages):
        raise ActionRefused(_("That passage already counts for %(item)s.") % {"item": leaf})
    decision, _created = AddedPassage.objects.get_or_create(
        plan=plan, document=document, leaf=leaf, digest=digest, defaults={"page": page, "text": text, "decided_by": user}
    )
    _read_against([plan], [document])
    return decision


class WordsUnchanged(Exception):
    """The words saved are those in force: no new version, nothing read again."""

    def __init__(self, version: int):
        super().__init__(f"unchanged: version {version} is in force")
        self.version = version


def save_leaf_words(document, text: str, *, access: Access | None, user=None) -> tuple[int, int]:
    """Store a new version of the plan owner's words for a document's items and read every stored
    business plan again with them. Returns (version, plans read). Nothing is stored on a problem
    (WordsRefused) or when the words are those in force (WordsUnchanged)."""
    from lika.plans.queries import measure_nodes

    from .leafreading import parse_refinements
    from .models import LeafWords

    if access is not None and not can_edit_vocabulary(access, document.municipality):
        raise ActionRefused(_("Only plan owners may change the words the plans are read with."))
    text = text.replace("\r\n", "\n").strip() + "\n"
    _refinements, problems = parse_refinements(text, [node.code for node in measure_nodes(document)])
    if problems:
        raise WordsRefused([_(message) % values for message, values in problems])
    with transaction.atomic():
        latest = LeafWords.objects.select_for_update().filter(document=document).order_by("-version").first()
        if latest is not None and latest.text == text:
            raise WordsUnchanged(latest.version)
        version = (latest.version if latest else 0) + 1
        LeafWords.objects.create(document=document, version=version, text=text, edited_by=user)
        count = read_against(document, access=None)
    return version, count


@transaction.atomic
def read_against(document, *, access: Access | None) -> int:
    """Read every stored business plan of the document's municipality against its leaves again
    (after the plan or its words changed). Returns the number of plans read."""
    _check(access, document.municipality)
    plans = list(BusinessPlan.objects.filter(municipality=document.municipality))
    _read_against(plans, [document])
    return len(plans)


def store_plans(municipality, year: int, files: list[tuple[str, bytes, object]], *, access: Access | None, user=None, workers: int | None = None) -> list[Outcome]:
    """Read and store business plans: files are (filename, data, unit). One outcome per file, in order.

    A plan for a unit and year that already has one replaces it.
    """
    _check(access, municipality)
    if not 2000 <= int(year) <= 2100:
        raise ActionRefused(_("The year must be between 2000 and 2100."))
    text, version = vocabulary_for(municipality)
    outcomes: list[Outcome] = []
    readable = []
    for filename, data, unit in files:
        if unit is None:
            outcomes.append(Outcome(filename, error=_("No unit chosen, and none could be recognised from the file name.")))
        elif unit.municipality_id != municipality.pk:
            outcomes.append(Outcome(filename, error=_("The unit belongs to another municipality.")))
        else:
            outcomes.append(Outcome(filename))
            readable.append((len(outcomes) - 1, filename, data, unit))
    units_seen = {}
    for index, filename, _data, unit in readable:
        if unit.pk in units_seen:
            outcomes[index].error = _("Two files for %(unit)s in one upload; only the first was read.") % {"unit": unit.name}
        units_seen.setdefault(unit.pk, index)
    readable = [r for r in readable if not outcomes[r[0]].error]
    analyses = pipeline.analyse_many([(f, d) for _i, f, d, _u in readable], text, max_bytes=max_bytes(), workers=workers)
    read_against = documents_to_read_against(municipality)
    for (index, filename, _data, unit), analysis in zip(readable, analyses, strict=True):
        if isinstance(analysis, ExtractionError):
            outcomes[index].error = analysis.translated(_)
            continue
        if read_against and pages_language(analysis.pages) != "sv":
            outcomes[index].error = _("The business plan is in English and the plan's items are in Swedish, so it cannot be read against them. Upload the Swedish version.")
            continue
        outcomes[index].plan, outcomes[index].replaced = _write(municipality, unit, int(year), filename, analysis, version, user)
    return outcomes


@transaction.atomic
def delete_plan(plan: BusinessPlan, *, access: Access | None) -> None:
    _check(access, plan.municipality_id)
    plan.delete()


def vocabulary_version(municipality) -> str:
    """The version of the vocabulary in force as the edit form reads it (lika.lib.versions)."""
    return version_of({"text": vocabulary_for(municipality)[0]})


def save_vocabulary(
    municipality, text: str, *, access: Access | None, user=None, version: str | None = None
) -> tuple[PlanVocabulary, int]:
    """Validate and store a municipality's vocabulary, then re-read its stored plans with it.

    Raises FileProblems (nothing stored) when the YAML is not a valid vocabulary, and
    EditConflict when someone saved it since `version` was read (None: no form was read).
    Returns the vocabulary and the number of plans re-read.
    """
    if access is not None and not can_edit_vocabulary(access, municipality):
        raise ActionRefused(_("Only plan owners may change the vocabulary."))
    text = text.replace("\r\n", "\n")
    vocabulary = load_vocabulary(text, "vocabulary.yaml")
    with transaction.atomic():
        own = PlanVocabulary.objects.select_for_update().filter(municipality=municipality).first()
        stored = {"text": own.text if own else vocabulary_for(municipality)[0]}
        who = (own.edited_by.get_full_name() or own.edited_by.get_username()) if own and own.edited_by else ""
        text = check_version(version, stored=stored, submitted={"text": text}, labels={"text": _("Vocabulary (YAML)")},
                             changed_by=who, changed_at=own.edited_at if own else None)["text"]
        if own is None:
            own = PlanVocabulary(municipality=municipality, version=0)
        own.text = text
        own.version += 1
        own.edited_by = user
        own.edited_at = timezone.now()
        own.save()
        count = _reanalyse(municipality, vocabulary, own.version)
    return own, count


def reset_vocabulary(municipality, *, access: Access | None, user=None) -> tuple[PlanVocabulary, int]:
    from .vocabulary import default_text

    return save_vocabulary(municipality, default_text(), access=access, user=user)


def _reanalyse(municipality, vocabulary, version: int) -> int:
    plans = list(BusinessPlan.objects.filter(municipality=municipality))
    ThemeScore.objects.filter(plan__in=plans).delete()
    scores = []
    for plan in plans:
        plan.passages, found = pipeline.match_stored(plan.pages, vocabulary)
        plan.vocabulary_version = version
        scores.extend(ThemeScore(plan=plan, theme=k, status=s, passages=c, in_heading=h) for k, s, c, h in found)
    BusinessPlan.objects.bulk_update(plans, ["passages", "vocabulary_version"], batch_size=50)
    ThemeScore.objects.bulk_create(scores, batch_size=1000)
    return len(plans)


__all__ = ["ActionRefused", "FileProblems", "Outcome", "can_analyse", "can_edit_vocabulary", "delete_plan", "save_vocabulary", "store_plans"]


# A batch of more files than this, or more bytes, is read by the background worker, not in the request.
BATCH_FILES = 5
BATCH_BYTES = 10 * 1024 * 1024


def is_batch(files: list[tuple[str, bytes, object]]) -> bool:
    return len(files) > BATCH_FILES or sum(len(data) for _name, data, _unit in files) > BATCH_BYTES


def queue_plans(municipality, year: int, files: list[tuple[str, bytes, object]], *, access: Access | None, user=None, refused=(), language: str = ""):
    """Queue a batch of business plans for the background worker: the files are kept in the media
    storage until the job has read them. `refused` are (filename, reason) found before queueing,
    listed in the job's result. Returns the job record."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from lika import jobs

    _check(access, municipality)
    if not 2000 <= int(year) <= 2100:
        raise ActionRefused(_("The year must be between 2000 and 2100."))
    with transaction.atomic():
        job = jobs.enqueue(
            "textanalysis.store_plans", kwargs={}, owner=user, subject=f"business-plans:{municipality.pk}:{year}",
            language=language, label=_("Read %(count)s business plans for %(year)s") % {"count": len(files), "year": year},
        )
        stored = []
        for number, (filename, data, unit) in enumerate(files):
            name = default_storage.save(f"job-inputs/{job.pk}/{number:04d}.bin", ContentFile(data))
            stored.append({"path": name, "filename": filename, "unit_id": unit.pk if unit else None})
        job.kwargs = {
            "municipality_id": municipality.pk, "year": int(year), "files": stored,
            "user_id": getattr(user, "pk", None), "refused": [list(r) for r in refused],
        }
        job.save(update_fields=["kwargs"])
    return job


def store_plans_in_steps(municipality, year: int, files, *, access: Access | None, user=None, progress=None, step: int = 4, workers: int | None = None) -> list[Outcome]:
    """`store_plans` a few files at a time, calling `progress(percent, text)` after each step.
    `files` are (filename, read, unit), `read()` giving the bytes only when the file's turn comes."""
    outcomes: list[Outcome] = []
    seen: set[int] = set()
    for start in range(0, len(files), step):
        chunk = []
        for filename, read, unit in files[start : start + step]:
            if unit is not None and unit.pk in seen:
                message = _("Two files for %(unit)s in one upload; only the first was read.") % {"unit": unit.name}
                outcomes.append(Outcome(filename, error=message))
                continue
            if unit is not None:
                seen.add(unit.pk)
            chunk.append((filename, read(), unit))
        outcomes += store_plans(municipality, year, chunk, access=access, user=user, workers=workers)
        if progress is not None:
            done = min(start + step, len(files))
            progress(100 * done // len(files), _("%(done)s of %(count)s files read") % {"done": done, "count": len(files)})
    return outcomes
