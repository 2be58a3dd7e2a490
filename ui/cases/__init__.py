"""The intake page, the calls register, the case dialog and their widgets and table models.

May import: PySide6, ui (shared helpers and widgets), app.services, app.domain; never peewee, app.db or
app.models."""
