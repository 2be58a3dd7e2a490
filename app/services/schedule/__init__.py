"""The officials' schedule: officials, rotation and slots, sessions in the center, attendance and its report, and
the schedule's exports.

May import: app.domain, app.models, app.db, the shared app.services modules, app.services.admin,
app.services.cases, app.services.letters, reports."""
