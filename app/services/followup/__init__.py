"""Follow-up after a referral: agencies' responses and re-routes, reminders and escalations, deadlines, call
backs to the citizen, and the agencies' accountability report with its exports.

May import: app.domain, app.models, app.db, the shared app.services modules, app.services.admin,
app.services.cases, app.services.letters, reports."""
