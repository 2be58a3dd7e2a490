"""Version 27: a referral's case with its id in one index, in place of the case_id one (issue 17). The letters
list searched by a citizen's name goes from the matching cases to their referrals and on to the letters'
(referral_id, issued_at, id) index: with the referral's id in this index that step reads no referral row
(at a million cases, 10,500 rows for a common surname: about a third of the search's time on PostgreSQL)."""

import peewee

VERSION = 27


def apply(db: peewee.Database) -> None:
    db.execute_sql('CREATE INDEX IF NOT EXISTS "referral_case_id_id" ON "referral" ("case_id", "id")')
    db.execute_sql('DROP INDEX IF EXISTS "referral_case_id"')
