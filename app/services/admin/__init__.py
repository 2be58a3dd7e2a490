"""Running the center: users and passwords, settings, reference data, the audit trail and its export, backups,
moving to a shared server (connection, transfer), first start (setup) and the change feed.

May import: app.domain, app.models, app.db, app.migrations, the shared app.services modules; no other feature
package except knowledge's index rebuild during a transfer."""
