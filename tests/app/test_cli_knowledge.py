"""`samad kb search | import | usage | reindex` through the same services the page uses."""

import json

import pytest

from app.models import Article
from app.services.cases import cases
from app.services.knowledge import guidance
from tests.app.knowledge_data import call, circular
from tests.app.test_cli import run

pytestmark = pytest.mark.usefixtures("cli_login")  # commands log in as «root» (see conftest)


def test_search_prints_hits_and_never_fails_on_symbols(capsys, monkeypatch, database_url, supervisor):
    article = circular(supervisor)
    code, out, _ = run(capsys, monkeypatch, "--database", database_url, "kb", "search", "تقسيط", "بدهي")
    assert code == 0 and "1 article(s)" in out and f"#{article.id}" in out and "۱۲۳۴۵/۱۰۰" in out
    code, out, _ = run(capsys, monkeypatch, "--database", database_url, "kb", "search", "--json", "۱۲۳۴۵/۱۰۰")
    hits = json.loads(out)["hits"]
    assert code == 0 and [h["id"] for h in hits] == [article.id] and hits[0]["issued_on"] == "1403/05/12"
    code, out, _ = run(capsys, monkeypatch, "--database", database_url, "kb", "search", '"*(')
    assert code == 0 and "واژه یا عددی ندارد" in out


def test_import_dry_run_then_for_real(capsys, monkeypatch, database_url, supervisor, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text(
        "number,date,issuer,title,body\n100/1,1403/01/15,استانداری,ساعات کار,متن\n"
        "100/2,1403/01/15,استانداری,,بی‌عنوان\n",
        encoding="utf-8",
    )
    code, out, _ = run(
        capsys, monkeypatch, "--database", database_url, "kb", "import", str(path), "--dry-run"
    )
    assert (
        code == 0 and "line 2: would import" in out and "line 3: refused" in out and "عنوان را بنویسید" in out
    )
    assert Article.select().count() == 0
    monkeypatch.delenv("SAMAD_USER")
    code, _, err = run(capsys, monkeypatch, "--database", database_url, "kb", "import", str(path))
    assert code == 1 and "--as" in err  # versions are saved under a person's name
    monkeypatch.setenv("SAMAD_USER", "root")
    code, out, _ = run(
        capsys, monkeypatch, "--database", database_url, "kb", "import", str(path), "--as", "root"
    )
    assert code == 0 and "1 imported, 1 refused" in out
    assert Article.select().count() == 1
    bad = tmp_path / "x.pdf"
    bad.write_bytes(b"%PDF")
    code, _, err = run(
        capsys, monkeypatch, "--database", database_url, "kb", "import", str(bad), "--as", "root"
    )
    assert code == 1 and "قالب پرونده شناخته نیست" in err


def test_usage_for_a_jalali_period(capsys, monkeypatch, database_url, supervisor, operator):
    article = circular(supervisor)
    guidance.guide_case(operator, cases.register_call(operator, call()).id, article.id)
    code, out, _ = run(
        capsys,
        monkeypatch,
        "--database",
        database_url,
        "kb",
        "usage",
        "--from",
        "1400/01/01",
        "--to",
        "1409/12/29",
        "--json",
    )
    assert code == 0 and json.loads(out) == [
        {
            "id": article.id,
            "kind": "circular",
            "title": article.title,
            "number": "12345/100",
            "count": 1,
            "in_force": True,
        }
    ]
    code, _, err = run(
        capsys,
        monkeypatch,
        "--database",
        database_url,
        "kb",
        "usage",
        "--from",
        "1405/13/01",
        "--to",
        "1405/01/01",
    )
    assert code == 1 and "--from" in err


def test_reindex(capsys, monkeypatch, database_url, supervisor):
    circular(supervisor)
    code, out, _ = run(capsys, monkeypatch, "--database", database_url, "kb", "reindex")
    assert code == 0 and "1 article(s) indexed" in out
    code, out, _ = run(capsys, monkeypatch, "--database", database_url, "kb", "search", "تقسیط")
    assert "1 article(s)" in out
