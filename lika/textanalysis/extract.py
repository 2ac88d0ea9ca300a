"""Text out of an uploaded business plan, with page (or section) numbers.

`extract(data, filename)` takes the file's bytes and returns an `Extracted`:
the file type, whether numbers are pages or sections, and the list of
(number, text). The type is decided by content, never by the name:

- PDF (pypdf): one entry per page. An encrypted PDF that needs a password is
  refused; a PDF whose pages have no text layer is refused with the pages that
  need OCR.
- DOCX (python-docx): pages where the document marks them (page breaks, and the
  page boundaries Word records when it saves), otherwise one section per
  heading. The archive is checked before anything is decompressed, so a zip
  bomb is refused without being unpacked.
- Plain text (UTF-8 or Windows-1252): pages split on form feeds, otherwise
  sections of about 3,000 characters cut at blank lines.

Every refusal is an `ExtractionError` with one message for the user.
"""

import io
import re
import zipfile
from dataclasses import dataclass, field

from lika.lib import filetypes

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 100
SECTION_CHARS = 3000

PDF, DOCX, TEXT = "pdf", "docx", "txt"
PAGE, SECTION = "page", "section"
FILE_TYPES = {PDF: "PDF", DOCX: "Word (DOCX)", TEXT: "Text"}


def gettext_noop(message: str) -> str:
    """Marks a message for translation (makemessages finds it); the web pages translate it when shown."""
    return message


class ExtractionError(Exception):
    """One message for the user: `template % params`, in English; `translated(gettext)` in the user's language."""

    def __init__(self, template: str, **params):
        self.template = template
        self.params = params
        self.message = template % params if params else template
        super().__init__(self.message)

    def translated(self, gettext) -> str:
        text = gettext(self.template)
        return text % self.params if self.params else text


@dataclass
class Extracted:
    file_type: str
    unit: str
    pages: list[tuple[int, str]]
    empty_pages: list[int] = field(default_factory=list)

    @property
    def page_count(self) -> int:
        return len(self.pages) + len([n for n in self.empty_pages if n > len(self.pages)])


def ranges(numbers) -> str:
    """[1, 2, 3, 7, 9, 10] -> '1-3, 7, 9-10'."""
    numbers = sorted(set(numbers))
    out = []
    start = prev = None
    for n in numbers:
        if start is None:
            start = prev = n
        elif n == prev + 1:
            prev = n
        else:
            out.append(f"{start}-{prev}" if prev != start else str(start))
            start = prev = n
    if start is not None:
        out.append(f"{start}-{prev}" if prev != start else str(start))
    return ", ".join(out)


def check_size(size: int, max_bytes: int | None = None) -> None:
    """Refuse a file over the limit; call with the upload's size before reading it."""
    limit = max_bytes or DEFAULT_MAX_BYTES
    if size > limit:
        raise ExtractionError(
            gettext_noop("The file is %(size).1f MB; the limit is %(limit).0f MB."), size=size / 1024 / 1024, limit=limit / 1024 / 1024
        )


def detect_type(data: bytes) -> str:
    kind = filetypes.sniff_bytes(data)
    if kind == filetypes.PDF:
        return PDF
    if kind == filetypes.DOCX:
        return DOCX
    if kind in (filetypes.PNG, filetypes.JPEG):
        raise ExtractionError(gettext_noop("The file is an image; text cannot be read from it without OCR. Upload a PDF with a text layer, a DOCX or a text file."))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ExtractionError(gettext_noop("The file is in the old Word format (.doc). Save it as DOCX or PDF and upload it again."))
    if data.startswith(b"PK\x03\x04"):
        if filetypes.looks_like_zip_docx(data) is False:
            raise ExtractionError(gettext_noop("The file is a ZIP archive but not a Word document (DOCX); it may be corrupt."))
        raise ExtractionError(gettext_noop("The Word document (DOCX) is corrupt and cannot be opened."))
    if filetypes.looks_like_text(data):
        return TEXT
    raise ExtractionError(gettext_noop("Unsupported file type: upload a PDF with a text layer, a Word document (DOCX) or a plain text file."))


def extract(data: bytes, filename: str = "", *, max_bytes: int | None = None) -> Extracted:
    check_size(len(data), max_bytes)
    if not data:
        raise ExtractionError(gettext_noop("The file is empty."))
    kind = detect_type(data)
    if kind == PDF:
        return _pdf(data)
    if kind == DOCX:
        return _docx(data)
    return _text(data)


# --- PDF ------------------------------------------------------------------------


def despace(text: str) -> str:
    """Undo letter-spaced extraction ("V i   v i l l" -> "Vi vill") and stray NULs, which some PDF fonts give."""
    text = text.replace("\x00", "")
    out = []
    for line in text.split("\n"):
        pieces = line.split(" ")
        letters = [p for p in pieces if p]
        if len(letters) >= 6 and sum(1 for p in letters if len(p) == 1) >= 0.7 * len(letters):
            words = re.split(r" {2,}", line.strip())
            line = " ".join(word.replace(" ", "") for word in words)
        out.append(line)
    return "\n".join(out)



ENCRYPTED = gettext_noop("The PDF is encrypted with a password. Save a copy without a password and upload it again.")
DAMAGED = gettext_noop("The PDF is damaged and cannot be read (%(error)s).")


def _pdf_texts_pdfium(data: bytes) -> list[str]:
    """Page texts with PDFium (about 3 ms a page)."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise ExtractionError(ENCRYPTED) from None
        raise ExtractionError(DAMAGED, error=str(error).split("(")[-1].rstrip(").") or "PDFium") from None
    texts = []
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                textpage = page.get_textpage()
                texts.append(textpage.get_text_bounded().replace("\r\n", "\n"))
                textpage.close()
            except pdfium.PdfiumError:
                texts.append("")  # one broken page should not lose the others
            finally:
                page.close()
    finally:
        document.close()
    return texts


def _pdf_texts_pypdf(data: bytes) -> list[str]:
    """Page texts with pypdf (pure Python, about 60 ms a page): used where PDFium is not installed."""
    import pypdf
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception:  # noqa: BLE001 - any failure to open means: encrypted
                opened = 0
            if not opened:
                raise ExtractionError(ENCRYPTED)
        texts = []
        for page in reader.pages:
            try:
                texts.append(despace(page.extract_text() or ""))
            except Exception:  # noqa: BLE001 - one broken page should not lose the others
                texts.append("")
    except ExtractionError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise ExtractionError(DAMAGED, error=error.__class__.__name__) from None
    return texts


def _pdf(data: bytes, engine: str | None = None) -> Extracted:
    if engine is None:
        try:
            import pypdfium2  # noqa: F401

            engine = "pdfium"
        except ImportError:
            engine = "pypdf"
    texts = _pdf_texts_pdfium(data) if engine == "pdfium" else _pdf_texts_pypdf(data)
    if not texts:
        raise ExtractionError(gettext_noop("The PDF has no pages."))
    empty = [n for n, text in enumerate(texts, 1) if len(text.strip()) < 20]
    if len(empty) == len(texts):
        raise ExtractionError(
            gettext_noop("The PDF has no text layer; it needs OCR (text recognition) first. Pages without text: %(pages)s."), pages=ranges(empty)
        )
    pages = [(n, text) for n, text in enumerate(texts, 1) if n not in empty]
    return Extracted(PDF, PAGE, pages, empty)


# --- DOCX -----------------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def check_zip(data: bytes) -> None:
    """Refuse archives that would unpack to too much, judged from the directory alone."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise ExtractionError(gettext_noop("The Word document (DOCX) is corrupt and cannot be opened.")) from None
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED:
        raise ExtractionError(
            gettext_noop("The Word document would unpack to %(size).0f MB (limit %(limit)s MB); it was refused as a possible zip bomb."),
            size=total / 1024 / 1024,
            limit=MAX_UNCOMPRESSED // 1024 // 1024,
        )
    for member in members:
        if member.file_size > 1024 * 1024 and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise ExtractionError(
                gettext_noop("The Word document contains a part compressed more than %(ratio)s times (%(part)s); it was refused as a possible zip bomb."),
                ratio=MAX_RATIO,
                part=member.filename,
            )


def _docx(data: bytes) -> Extracted:
    check_zip(data)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        blocks = []  # (text, is_heading, page_break_before)
        for child in body.iterchildren():
            if child.tag == f"{W}p":
                blocks.extend(_paragraph_blocks(child))
            elif child.tag == f"{W}tbl":
                for row in child.iter(f"{W}tr"):
                    cells = ["".join(t.text or "" for t in cell.iter(f"{W}t")).strip() for cell in row.iter(f"{W}tc")]
                    line = " | ".join(c for c in cells if c)
                    if line:
                        blocks.append((line, False, False))
    except ExtractionError:
        raise
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, OSError, AttributeError) as error:
        raise ExtractionError(gettext_noop("The Word document (DOCX) is corrupt and cannot be opened (%(error)s)."), error=error.__class__.__name__) from None
    except Exception as error:  # noqa: BLE001 - lxml and python-docx raise many kinds for broken XML
        raise ExtractionError(gettext_noop("The Word document (DOCX) is corrupt and cannot be opened (%(error)s)."), error=error.__class__.__name__) from None
    has_pages = any(brk for _t, _h, brk in blocks)
    groups: list[list[str]] = [[]]
    for text, heading, brk in blocks:
        starts_new = brk if has_pages else heading
        if starts_new and any(s.strip() for s in groups[-1]):
            groups.append([])
        if text.strip():
            groups[-1].append(text)
    pages = [(n, "\n\n".join(g)) for n, g in enumerate(groups, 1)]
    if not any(text.strip() for _n, text in pages):
        raise ExtractionError(gettext_noop("The Word document contains no text."))
    empty = [n for n, text in pages if not text.strip()]
    return Extracted(DOCX, PAGE if has_pages else SECTION, [(n, t) for n, t in pages if t.strip()], empty)


def _paragraph_blocks(p):
    """A paragraph as (text, is_heading, page_break_before) pieces; a page break inside splits it."""
    style_id = None
    ppr = p.find(f"{W}pPr")
    break_before = False
    outline = False
    if ppr is not None:
        style = ppr.find(f"{W}pStyle")
        style_id = style.get(f"{W}val") if style is not None else None
        break_before = ppr.find(f"{W}pageBreakBefore") is not None
        outline = ppr.find(f"{W}outlineLvl") is not None
    heading = outline or bool(style_id and re.match(r"(?i)^(heading|rubrik|title)\d*$", style_id.replace(" ", "")))
    pieces = [[break_before, []]]
    for node in p.iter():
        if node.tag == f"{W}t":
            pieces[-1][1].append(node.text or "")
        elif node.tag == f"{W}tab":
            pieces[-1][1].append("\t")
        elif node.tag == f"{W}br" and node.get(f"{W}type") == "page" or node.tag == f"{W}lastRenderedPageBreak":
            pieces.append([True, []])
        elif node.tag == f"{W}br":
            pieces[-1][1].append("\n")
    return [("".join(parts), heading, brk) for brk, parts in pieces if parts or brk]


# --- plain text -----------------------------------------------------------------


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _text(data: bytes) -> Extracted:
    text = _decode(data).replace("\r\n", "\n").replace("\r", "\n")
    if "\f" in text:
        raw = text.split("\f")
        pages = [(n, page) for n, page in enumerate(raw, 1) if page.strip()]
        empty = [n for n, page in enumerate(raw, 1) if not page.strip() and n < len(raw)]
        unit = PAGE
    else:
        blocks = re.split(r"\n\s*\n", text)
        sections, current = [], ""
        for block in blocks:
            if current and len(current) + len(block) > SECTION_CHARS:
                sections.append(current)
                current = ""
            current = f"{current}\n\n{block}" if current else block
        if current.strip():
            sections.append(current)
        pages = [(n, s) for n, s in enumerate(sections, 1) if s.strip()]
        empty = []
        unit = SECTION
    if not pages:
        raise ExtractionError(gettext_noop("The text file is empty."))
    return Extracted(TEXT, unit, pages, empty)
