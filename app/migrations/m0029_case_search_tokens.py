"""Version 29: on PostgreSQL, a GIN index of a case's search-key tokens as a tsvector (issue 17: the letters list
searched by a citizen's name). The trigram index answers a word's regular expression only approximately, so every
candidate case was read again and the expression run over its whole key (name, subject and description): two
thirds of that step's time. The key's tokens as lexemes answer «a token is this word» or «a token begins with
it» exactly (app.services.cases.case_search), so the matching cases' ids come with no recheck.

An expression index, not a column: the registration, a case's edit and a caller's rename already write
search_key in their own transactions, and PostgreSQL keeps the index with it. Nothing on SQLite (its FTS5 table
serves the same search). The trigram index stays: the follow-up lists' substring filters use it."""

import peewee

VERSION = 29

# the expression app.services.cases.case_search.search_tokens() writes: the index is used only for the same one
TOKENS = "array_to_tsvector(array_remove(string_to_array(search_key, ' '), ''))"


def apply(db: peewee.Database) -> None:
    if isinstance(db, peewee.PostgresqlDatabase):
        db.execute_sql(f"CREATE INDEX IF NOT EXISTS cases_search_tokens ON cases USING gin ({TOKENS})")
