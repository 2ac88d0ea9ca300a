"""`lika scan FILE [--format text|json] [--vocabulary FILE]`, without Django.

Reading a business plan against a vocabulary needs no database: `lika.cli`
runs it through `main()` straight away, so it starts in the time its own
imports take. `--against DOCUMENT` reads the plan from the database and goes
through the management command, which uses the functions here for the rest.
"""

import argparse
import json
import sys
from pathlib import Path

from lika.lib.yamlfile import FileProblems
from lika.textanalysis.extract import ExtractionError
from lika.textanalysis.pipeline import analyse_document
from lika.textanalysis.vocabulary import default_text, load_vocabulary


class ScanError(Exception):
    """Bad input, with the one-line message for the user."""


def add_arguments(parser) -> None:
    parser.add_argument("file", help="The business plan: PDF with a text layer, DOCX or plain text.")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.add_argument("--vocabulary", help="A vocabulary YAML file instead of the default.")
    parser.add_argument(
        "--against", metavar="DOCUMENT", help="Read against a steering document's own measures or strategies (its identifier) instead of a vocabulary."
    )


def read_vocabulary(name: str | None):
    """(the vocabulary's text, the vocabulary): the default, or the file NAME."""
    if not name:
        text = default_text()
        return text, load_vocabulary(text, "default_vocabulary.yaml")
    path = Path(name)
    try:
        text = path.read_text(encoding="utf-8")
        return text, load_vocabulary(text, path.name)
    except (OSError, UnicodeDecodeError) as error:
        raise ScanError(f"{path}: {error}") from None
    except FileProblems as error:
        raise ScanError(str(error)) from None


def analyse(path: Path, vocabulary_text: str, leaves=None):
    if not path.is_file():
        raise ScanError(f"{path}: no such file")
    try:
        return analyse_document(path.read_bytes(), path.name, vocabulary_text, leaves=leaves)
    except ExtractionError as error:
        raise ScanError(f"{path.name}: {error.message}") from None


# In files the statuses are present, in_passing and absent (issue 22's contract); "mentioned" is
# the stored value of "mentioned in passing".
STATUS_IN_FILES = {"mentioned": "in_passing"}


def as_json(analysis, filename: str, names: dict) -> str:
    out = {
        "file": filename,
        "file_type": analysis.file_type,
        "numbering": analysis.numbering,
        "pages": analysis.page_count,
        "empty_pages": analysis.empty_pages,
        "passages": [
            {"page": p["page"], "heading": p["heading"], "text": p["text"], "themes": p["themes"]} for p in analysis.passages
        ],
        "themes": [
            {"key": key, "name": names[key], "status": STATUS_IN_FILES.get(status, status), "passages": count, "in_heading": heading}
            for key, status, count, heading in analysis.scores
        ],
    }
    return json.dumps(out, ensure_ascii=False, indent=2)


def as_lines(analysis, filename: str) -> list[str]:
    word = "page" if analysis.numbering == "page" else "section"
    lines = [f"{filename}: {analysis.file_type}, {analysis.page_count} {word}s, {len(analysis.passages)} passages touch a theme"]
    for p in analysis.passages:
        lines += ["", f"{word} {p['page']}{' (heading)' if p['heading'] else ''}: {p['text']}"]
        lines += [f"  {key}: {', '.join(words)}" for key, words in p["themes"].items()]
    lines += ["", f"{'theme':28} {'passages':>8}  status"]
    lines += [f"{key:28} {count:8}  {status}" for key, status, count, _heading in analysis.scores]
    return lines


def main(argv: list[str]) -> int:
    """`lika scan FILE` as a process (never called with --against): one line on stderr and status 1 for bad input."""
    parser = argparse.ArgumentParser(prog="lika scan", description="Read a business plan and print the passages per theme.")
    add_arguments(parser)
    options = parser.parse_args(argv)
    try:
        vocabulary_text, vocabulary = read_vocabulary(options.vocabulary)
        path = Path(options.file)
        analysis = analyse(path, vocabulary_text)
    except ScanError as error:
        sys.stderr.write(f"lika scan: {error}\n")
        return 1
    names = {t.key: t.label("en") for t in vocabulary.themes}
    text = as_json(analysis, path.name, names) if options.format == "json" else "\n".join(as_lines(analysis, path.name))
    sys.stdout.write(text + "\n")
    return 0
