"""One business plan from bytes to its analysis, and many in parallel.

`analyse_document(data, filename, vocabulary_text)` extracts, lemmatises and
matches, and returns a plain `Analysis` (or raises ExtractionError).
`analyse_many(files, vocabulary_text, workers)` does the same for several files
in worker processes (extraction and matching are CPU-bound; each file is
independent), keeping the order and giving an ExtractionError in place of the
analysis of a file that cannot be read, so one bad file loses nothing else.
"""

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from .extract import ExtractionError, extract
from .leafreading import match_text as leaf_match
from .matcher import match_pages, scorecard
from .vocabulary import Vocabulary, load_vocabulary


@dataclass
class Analysis:
    file_type: str
    numbering: str  # "page" or "section"
    page_count: int
    pages: list  # [[number, text], ...]
    empty_pages: list
    passages: list  # Passage.as_dict()
    scores: list = field(default_factory=list)  # [(theme key, status, count, in_heading)]


_vocabularies: dict[str, Vocabulary] = {}


def _vocabulary(text: str) -> Vocabulary:
    if text not in _vocabularies:
        if len(_vocabularies) > 8:
            _vocabularies.clear()
        _vocabularies[text] = load_vocabulary(text)
    return _vocabularies[text]


def match_stored(pages: list, vocabulary, match=None) -> tuple[list, list]:
    """Passages and scores for stored pages (to re-read plans after the vocabulary changes).
    `vocabulary` is a Vocabulary, or a plan's LeafThemes with `match=leafreading.match_text`."""
    found = match_pages([(n, t) for n, t in pages], vocabulary, match)
    passages = [p.as_dict() for p in found]
    scores = [(s.key, s.status, s.count, s.in_heading) for s in scorecard(passages, vocabulary)]
    return passages, scores


def analyse_document(data: bytes, filename: str, vocabulary_text: str, max_bytes: int | None = None, *, leaves=None) -> Analysis:
    """The analysis of one file against the vocabulary, or against a plan's leaves (LeafThemes)."""
    extracted = extract(data, filename, max_bytes=max_bytes)
    if leaves is not None:
        passages, scores = match_stored(extracted.pages, leaves, leaf_match)
    else:
        passages, scores = match_stored(extracted.pages, _vocabulary(vocabulary_text))
    return Analysis(
        file_type=extracted.file_type,
        numbering=extracted.unit,
        page_count=extracted.page_count,
        pages=[[n, t] for n, t in extracted.pages],
        empty_pages=list(extracted.empty_pages),
        passages=passages,
        scores=scores,
    )


def _safe(args):
    data, filename, vocabulary_text, max_bytes = args
    try:
        return analyse_document(data, filename, vocabulary_text, max_bytes)
    except ExtractionError as error:
        return error


def analyse_many(files: list[tuple[str, bytes]], vocabulary_text: str, *, max_bytes: int | None = None, workers: int | None = None):
    """[(filename, data)] -> [Analysis | ExtractionError], in the same order."""
    jobs = [(data, name, vocabulary_text, max_bytes) for name, data in files]
    workers = workers if workers is not None else min(len(jobs), os.cpu_count() or 1, 4)
    if workers <= 1 or len(jobs) <= 1:
        return [_safe(job) for job in jobs]
    # Fresh ("spawn") processes: they share nothing with the caller, database connections included.
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        return list(pool.map(_safe, jobs))
