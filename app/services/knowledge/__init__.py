"""The knowledge base: articles and their versions, importing them, searching them, guiding a caller with one,
and how often each was used.

May import: app.domain, app.models, app.db, the shared app.services modules, app.services.admin."""
