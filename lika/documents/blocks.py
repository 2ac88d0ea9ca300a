"""A document as a list of blocks, from plain data, without Django.

The shared document engine: the follow-up report, the programme roll-up, the
business-plan summary and the impact assessment's consequence section are all
made of these blocks, and every renderer (`lika.documents.html` for the web
page and the tagged PDF, `lika.documents.docx` for Word) takes them. One
layout feeds every output, so the outputs always say the same
(docs/decisions/0004-one-report-three-forms.md).
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from lika.lib.tables import Table

# XML 1.0 forbids most control characters even escaped; Word, LibreOffice and PDF tagging choke on them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean(text) -> str:
    """Text safe for every output: no characters XML forbids, Windows line ends made plain."""
    return _NOT_XML.sub("", str(text or "")).replace("\r\n", "\n").replace("\r", "\n")


def paragraphs(text: str) -> list[str]:
    """Paragraphs are separated by blank lines; single line breaks inside them are kept."""
    return [part.strip() for part in re.split(r"\n\s*\n", clean(text)) if part.strip()]


@dataclass(frozen=True)
class Heading:
    level: int  # 1 = chapter; appendix areas 2, measures 3, examples 4
    text: str
    anchor: str
    kind: str = "heading"


@dataclass(frozen=True)
class Paragraph:
    text: str
    language: str = ""  # set when it differs from the report's language
    style: str = "body"  # body | missing | note
    kind: str = "paragraph"


@dataclass(frozen=True)
class Facts:
    """Label-value pairs, such as an example's effects and learning."""

    items: tuple[tuple[str, str], ...]
    language: str = ""  # of the values; the labels are in the report's language
    kind: str = "facts"


@dataclass(frozen=True)
class TableBlock:
    number: int
    caption: str
    table: Table
    kind: str = "table"

    def cells(self) -> list[list[tuple[object, bool]]]:
        """Each row as (value, is a number) pairs, so renderers right-align numbers only."""
        return [[(value, _is_number(value)) for value in row] for row in self.table.rows]


_NUMBER = re.compile(r"^[+−-]?\d[\d\s]*([.,]\d+)?( ?%(-enh\.)?)?$")


def _is_number(value) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int | float) or bool(_NUMBER.match(str(value)))


@dataclass(frozen=True)
class FigureBlock:
    number: int
    caption: str
    description: str
    svg: str
    table: TableBlock
    note: str = ""
    kind: str = "figure"


@dataclass(frozen=True)
class Contents:
    title: str
    kind: str = "contents"


@dataclass(frozen=True)
class PageBreak:
    kind: str = "page_break"


@dataclass(frozen=True)
class ReportDocument:
    title: str
    subtitle: str
    municipality: str
    case_number: str
    date: str
    language: str
    blocks: tuple
    labels: Mapping[str, str]  # fixed words the renderers need: page, case number, figure, table

    def headings(self, max_level: int = 2) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading) and b.level <= max_level]



@dataclass(frozen=True)
class FigureInput:
    title: str
    description: str
    svg: str
    table: Table
    note: str = ""


def identity(text: str) -> str:
    """The `_` for builders used without Django: fixed text as written."""
    return text


def anchor_slug(code: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", code).strip("-") or "x"


@dataclass
class DocumentBuilder:
    """Collects blocks in order and numbers chapters, figures and tables as it goes."""

    _: Callable[[str], str] = identity
    blocks: list = field(default_factory=list)
    figures: int = 0
    tables: int = 0
    chapters: int = 0

    def chapter(self, title: str, anchor: str) -> None:
        self.chapters += 1
        self.blocks.append(Heading(1, f"{self.chapters} {title}", anchor))

    def table(self, table: Table) -> TableBlock:
        self.tables += 1
        clean_table = Table(
            title=clean(table.title),
            columns=[clean(c) for c in table.columns],
            rows=[[v if isinstance(v, int | float) else clean(v) for v in row] for row in table.rows],
        )
        caption = self._("Table %(number)s. %(title)s") % {"number": self.tables, "title": clean_table.title}
        return TableBlock(self.tables, caption, clean_table)

    def figure(self, figure: FigureInput) -> None:
        self.figures += 1
        caption = self._("Figure %(number)s. %(title)s") % {"number": self.figures, "title": clean(figure.title)}
        self.blocks.append(
            FigureBlock(
                number=self.figures,
                caption=caption,
                description=clean(figure.description),
                svg=figure.svg,
                table=self.table(figure.table),
                note=clean(figure.note),
            )
        )
