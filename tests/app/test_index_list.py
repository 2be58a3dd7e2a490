"""Every index of a migrated database is listed in docs/performance.md with the query that needs it, and every
index listed there exists (issue 17: no index that no query uses). On SQLite and PostgreSQL."""

import re
from pathlib import Path

from app import migrations
from tests.app.test_migrations import empty_databases  # noqa: F401  (the fixture)

DOC = Path(__file__).resolve().parents[2] / "docs" / "performance.md"
PG_NAME_LENGTH = 63  # PostgreSQL cuts longer names


def listed() -> dict[str, str]:
    """{index name: the query that needs it} from the doc's table."""
    rows = re.findall(r"^\| `([a-z0-9_]+)` \| (.+) \|$", DOC.read_text(encoding="utf-8"), re.MULTILINE)
    return dict(rows)


def indexes(db) -> set[str]:
    names = {i.name for table in db.get_tables() for i in db.get_indexes(table)}
    return {n for n in names if not n.endswith("_pkey") and not n.startswith("sqlite_autoindex_")}


def test_every_index_is_listed_with_its_query_and_every_listed_one_exists(empty_databases):  # noqa: F811
    db = empty_databases()
    migrations.upgrade(db)
    postgres = db.__class__.__name__.startswith("Postgres")
    doc = listed()
    assert all(len(query) > 10 for query in doc.values())
    name = (lambda n: n[:PG_NAME_LENGTH]) if postgres else (lambda n: n)
    other = "SQLite only" if postgres else "PostgreSQL only"
    wanted = {name(n) for n, query in doc.items() if other not in query}
    have = indexes(db)
    assert sorted(have - wanted) == [], "indexes with no line in docs/performance.md"
    assert sorted(wanted - have) == [], "indexes docs/performance.md lists that the database lacks"
