"""Version 27: a referral's case with its id in one index, in place of the case_id one (issue 17). The letters
list searched by a citizen's name goes from the matching cases to their referrals and on to the letters'
(referral_id, issued_at, id) index: with the referral's id in this index that step reads no referral row
(at a million cases, 10,500 of them for a common surname).

On PostgreSQL the letters' (referral_id, issued_at, id) index is also rebuilt: grown letter by letter (letters
come in issue order, their referrals' ids only roughly so) and through migration 26's rewrite of every letter,
its pages were half empty, 81 MB at a million cases against 41 MB built at once, and the search's pages (cases, both indexes) then overflowed the default 128 MB
of shared buffers on every run. The two together took the search's ids from 115 to 63 ms there."""

import peewee

VERSION = 27


def apply(db: peewee.Database) -> None:
    db.execute_sql('CREATE INDEX IF NOT EXISTS "referral_case_id_id" ON "referral" ("case_id", "id")')
    db.execute_sql('DROP INDEX IF EXISTS "referral_case_id"')
    if isinstance(db, peewee.PostgresqlDatabase):
        db.execute_sql('REINDEX INDEX "letter_referral_id_issued_at_id"')
