"""What kind of file an upload really is, from its content rather than its name.

Only the types Lika accepts as attachments are recognised: PDF, DOCX, PNG and
JPEG. Anything else (an .exe renamed .pdf, an old .doc) is refused.
"""

import io
import zipfile

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PNG = "image/png"
JPEG = "image/jpeg"

ACCEPTED = {PDF: "PDF", DOCX: "Word (DOCX)", PNG: "PNG", JPEG: "JPEG"}


def sniff(stream) -> str | None:
    """The content type of a seekable binary stream, or None if it is not an accepted type."""
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(stream) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError):
            return None
        finally:
            stream.seek(0)
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            return DOCX
    return None


def sniff_bytes(data: bytes) -> str | None:
    return sniff(io.BytesIO(data))


def looks_like_text(data: bytes) -> bool:
    """Plain text: no NUL bytes and almost only printable characters in the first 64 KB."""
    head = data[:65536]
    if not head or b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:
            text = head.decode("cp1252", errors="replace")
        else:
            text = head[: error.start].decode("utf-8")
    printable = sum(1 for c in text if c.isprintable() or c in "\n\r\t\f")
    return printable >= 0.97 * max(1, len(text))


def looks_like_zip_docx(data: bytes) -> bool | None:
    """For a ZIP that `sniff` did not accept: False if it opens but is no Word document, None if it does not open."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return None
    return "word/document.xml" in names and "[Content_Types].xml" in names
