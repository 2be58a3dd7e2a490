"""Version 14: the seed reference data (counties, agencies, categories, request types) is a data migration
that runs once, when the database is new. Before, every start added again any seed entry a supervisor had
renamed or deleted; a database that already holds reference data keeps it exactly as it is."""
import peewee

VERSION = 14
DATA = True  # rows, not schema: skipped for a database that receives another one's rows


def apply(db: peewee.Database) -> None:
    has_reference = any(db.execute_sql(f"SELECT 1 FROM {table} LIMIT 1").fetchone()
                        for table in ("county", "agency", "category", "request_type"))
    if has_reference:
        return
    from app.services import reference  # the seed file and its loader: one rule for what a new center gets
    from app.services.actor import SYSTEM

    reference.load_seed(SYSTEM)
