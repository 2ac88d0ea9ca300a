"""Reading business plans: PDF, DOCX and text with page numbers, and one clear message for each bad file."""

import io
import zipfile

import docx
import pypdf
import pytest

from lika.textanalysis.extract import ExtractionError, check_size, extract, ranges


@pytest.fixture(scope="module")
def three_page_pdf():
    import weasyprint

    html = "".join(
        f"<section style='page-break-after:always'><h1>Avsnitt {i}</h1><p>{text}</p></section>"
        for i, text in enumerate(["Vi ska förebygga diskriminering.", "Ekonomin ska vara i balans.", "Statistiken ska vara könsuppdelad."], 1)
    )
    return weasyprint.HTML(string=html).write_pdf()


def _message(data, filename="plan"):
    with pytest.raises(ExtractionError) as caught:
        extract(data, filename)
    return caught.value.message


def test_a_pdf_gives_one_entry_per_page(three_page_pdf):
    found = extract(three_page_pdf, "plan.pdf")
    assert found.file_type == "pdf" and found.unit == "page" and found.page_count == 3
    assert [n for n, _t in found.pages] == [1, 2, 3]
    assert "könsuppdelad" in found.pages[2][1]


def test_an_encrypted_pdf_is_refused(three_page_pdf):
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(three_page_pdf)))
    writer.encrypt("hemligt", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    assert _message(out.getvalue()) == "The PDF is encrypted with a password. Save a copy without a password and upload it again."


def test_a_pdf_with_only_an_owner_password_is_read(three_page_pdf):
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(three_page_pdf)))
    writer.encrypt(user_password="", owner_password="agare", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    assert extract(out.getvalue(), "plan.pdf").page_count == 3


def test_a_scanned_pdf_says_it_needs_ocr_and_which_pages():
    writer = pypdf.PdfWriter()
    for _ in range(40):
        writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    assert _message(out.getvalue()) == "The PDF has no text layer; it needs OCR (text recognition) first. Pages without text: 1-40."


def test_a_damaged_pdf_is_refused():
    assert _message(b"%PDF-1.7\nthis is not really a pdf").startswith("The PDF is damaged and cannot be read")


def test_docx_sections_follow_headings_and_pages_follow_page_breaks():
    document = docx.Document()
    document.add_heading("Inledning", 1)
    document.add_paragraph("Vi arbetar mot diskriminering.")
    document.add_heading("Uppföljning", 1)
    document.add_paragraph("Statistiken ska vara könsuppdelad.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Mål"
    table.rows[0].cells[1].text = "Tillgängliga lokaler"
    out = io.BytesIO()
    document.save(out)
    found = extract(out.getvalue(), "plan.docx")
    assert found.unit == "section" and [n for n, _t in found.pages] == [1, 2]
    assert found.pages[1][1].startswith("Uppföljning") and "Mål | Tillgängliga lokaler" in found.pages[1][1]
    document.add_page_break()
    document.add_paragraph("Sidan tre.")
    out = io.BytesIO()
    document.save(out)
    found = extract(out.getvalue(), "plan.docx")
    assert found.unit == "page" and found.pages[-1] == (2, "Sidan tre.")


def test_a_corrupt_docx_is_refused():
    good = io.BytesIO()
    docx.Document().save(good)
    broken = io.BytesIO()
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            target.writestr(item, b"<w:document><broken" if item.filename == "word/document.xml" else source.read(item))
    assert _message(broken.getvalue()).startswith("The Word document (DOCX) is corrupt and cannot be opened")
    assert _message(b"PK\x03\x04 and then nothing") == "The Word document (DOCX) is corrupt and cannot be opened."


def test_a_zip_bomb_disguised_as_docx_is_refused_without_unpacking():
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (20 * 1024 * 1024))
    assert len(bomb.getvalue()) < 100_000
    assert _message(bomb.getvalue(), "plan.docx") == (
        "The Word document contains a part compressed more than 100 times (word/document.xml); it was refused as a possible zip bomb."
    )


def test_a_zip_claiming_too_much_in_total_is_refused():
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w/>")
    data = bytearray(many.getvalue())
    # Rewrite the central directory's uncompressed size of document.xml to 300 MB.
    index = data.rfind(b"PK\x01\x02")
    data[index + 24 : index + 28] = (300 * 1024 * 1024).to_bytes(4, "little")
    assert "would unpack to 300 MB" in _message(bytes(data))


def test_size_limit_unsupported_types_and_old_word():
    with pytest.raises(ExtractionError) as caught:
        check_size(60 * 1024 * 1024)
    assert caught.value.message == "The file is 60.0 MB; the limit is 50 MB."
    with pytest.raises(ExtractionError):
        extract(b"lika " * 100, "p.txt", max_bytes=100)
    assert _message(b"\x89PNG\r\n\x1a\n" + b"\0" * 50).startswith("The file is an image")
    assert _message(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 50) == "The file is in the old Word format (.doc). Save it as DOCX or PDF and upload it again."
    assert _message(bytes(range(256)) * 4) == "Unsupported file type: upload a PDF with a text layer, a Word document (DOCX) or a plain text file."
    assert _message(b"") == "The file is empty."


def test_plain_text_pages_on_form_feeds_and_windows_1252():
    found = extract("Sida ett.\n\fSida två om kön.\n".encode("cp1252"), "p.txt")
    assert found.file_type == "txt" and found.unit == "page" and found.pages == [(1, "Sida ett.\n"), (2, "Sida två om kön.\n")]
    long_text = "\n\n".join(f"Stycke {i} om verksamheten. " * 10 for i in range(40))
    sections = extract(long_text.encode(), "p.txt")
    assert sections.unit == "section" and 3 <= len(sections.pages) <= 6


def test_ranges():
    assert ranges([1, 2, 3, 7, 9, 10]) == "1-3, 7, 9-10"


def test_the_pypdf_fallback_reads_the_same_pages_and_refuses_the_same_files(three_page_pdf):
    from lika.textanalysis.extract import _pdf

    assert [n for n, _t in _pdf(three_page_pdf, engine="pypdf").pages] == [1, 2, 3]
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(three_page_pdf)))
    writer.encrypt("hemligt", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(ExtractionError, match="encrypted with a password"):
        _pdf(out.getvalue(), engine="pypdf")


def test_letter_spaced_and_nul_ridden_text_is_repaired():
    from lika.textanalysis.extract import despace

    assert despace("V i   v i l l   a t t   a l l a") == "Vi vill att alla"
    assert despace("\x00L\x00i\x00k\x00a") == "Lika"
    assert despace("Vi ska nå alla.") == "Vi ska nå alla."


def test_many_files_in_worker_processes_keep_their_order_and_a_bad_one_loses_nothing():
    from lika.textanalysis.pipeline import Analysis, analyse_many
    from lika.textanalysis.vocabulary import default_text

    files = [
        ("a.txt", "Vi ska förebygga diskriminering.".encode()),
        ("b.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 50),
        ("c.txt", "Barnkonventionen är lag.".encode()),
    ]
    results = analyse_many(files, default_text(), workers=2)
    assert isinstance(results[0], Analysis) and "q_prevent_discrimination" in results[0].passages[0]["themes"]
    assert isinstance(results[1], ExtractionError) and results[1].message.startswith("The file is an image")
    assert isinstance(results[2], Analysis) and "childrens_rights" in results[2].passages[0]["themes"]
