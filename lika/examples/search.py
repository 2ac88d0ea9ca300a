"""Searching the example bank: every submitted example of every round, found by Swedish word
forms and compounds, filtered, with the matching words in context.

Who sees what: everyone sees the approved examples of published rounds; people who see a
municipality's unpublished follow-up (plan owners, analysts, coordinators) also see its other
submitted examples. Drafts are never searched."""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.utils import timezone

from lika.followup.models import Example, ReviewState, RoundState, SubmissionState
from lika.organisations.access import Access

from . import terms as words
from .models import ExampleTerm, IndexedExample

FIELDS = ("title", "what_was_done", "effects", "learning", "target_groups", "partner_names")
BATCH = 500


STALE = Q(search_index__isnull=True) | Q(updated_at__gt=F("search_index__indexed_at"))


def refresh() -> int:
    """Index the examples saved since they were last indexed. Returns how many were indexed.

    Many requests may find the same examples stale at once (everyone opening the example form
    after a save): each batch locks the rows it indexes and skips rows another request is
    indexing or a writer holds (on PostgreSQL; SQLite runs one writer at a time anyway), so
    two requests never index the same example together."""
    if not Example.objects.filter(STALE).exists():  # the usual case: one query, no transaction
        return 0
    count = 0
    while True:
        indexed = _index_batch()
        count += indexed
        if indexed < BATCH:
            return count


@transaction.atomic
def _index_batch() -> int:
    stale = Example.objects.filter(STALE).order_by("pk").only("pk", *FIELDS)
    examples = list(stale.select_for_update(skip_locked=True, of=("self",))[:BATCH])
    if not examples:
        return 0
    now = timezone.now()
    ids = [example.pk for example in examples]
    ExampleTerm.objects.filter(example_id__in=ids).delete()
    IndexedExample.objects.filter(example_id__in=ids).delete()
    rows = []
    for example in examples:
        found = set()
        for name in FIELDS:
            found |= words.text_terms(getattr(example, name) or "")
        rows.extend(ExampleTerm(example_id=example.pk, term=term) for term in found)
    ExampleTerm.objects.bulk_create(rows, batch_size=2000)
    IndexedExample.objects.bulk_create([IndexedExample(example_id=pk, indexed_at=now) for pk in ids])
    return len(examples)


@dataclass
class Filters:
    municipality: int | None = None
    round: int | None = None
    measure: int | None = None
    unit: int | None = None
    perspective: int | None = None
    has_effects: bool = False
    has_learning: bool = False


def visible(access: Access | None, *, public: bool = False):
    """The examples someone may find: approved ones of published rounds, and for people who see a
    municipality's unpublished follow-up, its other submitted examples."""
    examples = Example.objects.exclude(measure_report__submission__state=SubmissionState.DRAFT)
    published = Q(
        measure_report__submission__round__state=RoundState.PUBLISHED,
        measure_report__review_state=ReviewState.APPROVED,
    )
    if public or access is None or access.municipality_id is None or not access.sees_unpublished_follow_up(access.municipality_id):
        return examples.filter(published)
    own = Q(measure_report__submission__round__document__municipality_id=access.municipality_id)
    return examples.filter(published | own)


@dataclass
class Result:
    examples: list = field(default_factory=list)
    words: list = field(default_factory=list)  # the query's words that were searched for
    ignored_all: bool = False  # the query had only stop words or punctuation
    cut: bool = False  # the query was longer than the search reads


def everything():
    """Every submitted example of every municipality: what the command line searches as the system."""
    return Example.objects.exclude(measure_report__submission__state=SubmissionState.DRAFT)


def search(
    query: str, access: Access | None, filters: Filters | None = None, *, public: bool = False, limit: int = 50, scope=None
) -> Result:
    """The examples `access` may see (or `scope`) that have every word of the query, newest round first."""
    refresh()
    query_words, cut = words.query_words(query or "")
    result = Result(words=[word for word, _terms in query_words], cut=cut)
    if (query or "").strip() and not query_words:
        result.ignored_all = True
        return result
    examples = _filtered(scope if scope is not None else visible(access, public=public), filters or Filters())
    for _word, alternatives in query_words:
        examples = examples.filter(pk__in=ExampleTerm.objects.filter(term__in=alternatives).values("example_id"))
    examples = examples.select_related(
        "measure_report__measure", "measure_report__submission__unit", "measure_report__submission__round__document__municipality"
    ).order_by("-measure_report__submission__round__period_end", "measure_report__measure__position", "pk")
    found_terms = set().union(*(alternatives for _word, alternatives in query_words)) if query_words else set()
    for example in examples[:limit]:
        example.snippet = _snippet(example, found_terms)
        result.examples.append(example)
    return result


def _filtered(examples, filters: Filters):
    report = "measure_report__"
    for value, lookup in (
        (filters.municipality, f"{report}submission__round__document__municipality_id"),
        (filters.round, f"{report}submission__round_id"),
        (filters.measure, f"{report}measure_id"),
        (filters.unit, f"{report}submission__unit_id"),
        (filters.perspective, "perspectives"),
    ):
        if value:
            examples = examples.filter(**{lookup: value})
    if filters.has_effects:
        examples = examples.exclude(effects="")
    if filters.has_learning:
        examples = examples.exclude(learning="")
    return examples.distinct() if filters.perspective else examples


def _snippet(example, found_terms: set[str]):
    if not found_terms:
        text = example.what_was_done
        return [(text[:180] + ("…" if len(text) > 180 else ""), False)]
    for name in FIELDS:
        pieces = words.snippet(getattr(example, name) or "", found_terms)
        if pieces:
            return pieces
    return []


SIMILAR_WORDS = 12  # the longest words of a text a suggestion is looked up by
CANDIDATES = 50  # the best-ranked examples that are read and ordered


def similar(
    text: str, access: Access | None, *, measure: int | None = None, exclude_submission: int | None = None, limit: int = 5
) -> Result:
    """Examples like `text` that `access` may see (the same index and visibility as `search`): those
    sharing most of its longest words first, then those of `measure`, newest round first. Without
    usable words, the newest examples of `measure`. `exclude_submission`: the reporter's own
    submission, whose examples are not suggested back. Two queries, whatever the number of examples."""
    refresh()
    query_words, _cut = words.query_words(text or "", max_words=None)
    query_words = sorted(query_words, key=lambda item: -len(item[0]))[:SIMILAR_WORDS]
    examples = visible(access)
    if exclude_submission:
        examples = examples.exclude(measure_report__submission_id=exclude_submission)
    if query_words:
        # One grouped query: per example, how many of the words it has (a word counts once, whichever form).
        which_word = Case(
            *[When(term__in=alternatives, then=Value(index)) for index, (_word, alternatives) in enumerate(query_words)],
            output_field=IntegerField(),
        )
        every_term = set().union(*(alternatives for _word, alternatives in query_words))
        enough = min(2, len(query_words))  # a suggestion shares two of the words (one, when the text has one)
        ranked = dict(
            ExampleTerm.objects.filter(term__in=every_term, example__in=examples)
            .values("example_id")
            .annotate(shared=Count(which_word, distinct=True))
            .filter(shared__gte=enough)
            .order_by("-shared", "-example_id")
            .values_list("example_id", "shared")[:CANDIDATES]
        )
        examples = examples.filter(pk__in=list(ranked))
    elif measure:
        examples = examples.filter(measure_report__measure_id=measure)
        ranked = {}
    else:
        return Result()
    found = list(
        examples.select_related(
            "measure_report__measure", "measure_report__submission__unit", "measure_report__submission__round__document__municipality"
        ).order_by("-measure_report__submission__round__period_end", "pk")[: CANDIDATES if query_words else limit]
    )
    found.sort(key=lambda e: (-ranked.get(e.pk, 0), e.measure_report.measure_id != measure))
    found_terms = set().union(*(alternatives for _word, alternatives in query_words)) if query_words else set()
    result = Result(words=[word for word, _terms in query_words])
    for example in found[:limit]:
        example.snippet = _snippet(example, found_terms)
        result.examples.append(example)
    return result
