"""Letters: referral orders and drafts, issuing and cancelling letters, their numbering (counters), templates and
content, and the holidays that set working-day deadlines.

May import: app.domain, app.models, app.db, the shared app.services modules, app.services.admin,
app.services.cases, reports (to render letters)."""
