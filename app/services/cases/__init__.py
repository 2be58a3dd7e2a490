"""Cases: registering a call (intake), editing a case, its status moves, the calls register's search and queries,
the caller's earlier cases, importing cases, and a case's history and timeline.

May import: app.domain, app.models, app.db, the shared app.services modules (actor, errors, text_fields),
app.services.admin (audit, settings) and app.services.knowledge (guidance)."""
