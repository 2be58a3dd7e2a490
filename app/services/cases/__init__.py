"""Cases: registering a call (intake), editing a case, its status moves, the calls register's search and queries,
the caller's earlier cases, importing cases, a case's history and timeline, and the phone system's rings (the ring log,
rings; how a ring reaches the app, ring_link).

May import: app.domain, app.models, app.db, the shared app.services modules (actor, errors, text_fields),
app.services.admin (audit, settings), app.services.knowledge (guidance), and app.local_settings (this PC's
listener setting, ring_link)."""
