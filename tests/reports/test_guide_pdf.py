"""`samad guide-pdf`: the guide typeset like the letters, each chapter on its own pages, read back in words.
(The PDF is read back with tests/pdf_text.py.)"""

from io import BytesIO

from pypdf import PdfReader

from app import cli
from app.services import user_guide
from tests import pdf_text


def test_the_guide_as_a_pdf(tmp_path, capsys):
    out = tmp_path / "guide.pdf"
    assert cli.main(["guide-pdf", str(out)]) == 0
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF") and str(out) in capsys.readouterr().out
    pages = pdf_text.page_texts(pdf)
    chapters = user_guide.pages()
    assert len(pages) > len(chapters)
    for page in chapters:  # each chapter starts a page with its title (after the contents page)
        starts = [
            i for i, text in enumerate(pages) if pdf_text.has_phrase(pdf_text.text_words(text), page.title)
        ]
        assert len(starts) >= 2, page.title  # listed on the contents page, and a chapter of its own
    assert pdf_text.has_phrase(pdf, "کد رهگیری بزرگ نمایش داده می‌شود")
    assert pdf_text.has_phrase(pdf, "تماس تازه") and "Ctrl+Enter" in pdf_text.words(pdf)
    reader = PdfReader(BytesIO(pdf))
    images = sum(len(page.images) for page in reader.pages)
    assert images == sum(len(p.images) for p in chapters)  # every screenshot is printed


def test_the_same_guide_gives_the_same_bytes():
    assert user_guide.guide_pdf() == user_guide.guide_pdf()
