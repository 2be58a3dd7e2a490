"""Reports and the dashboard: periods in Tehran days, aggregates computed in SQL, the report as a
plain value, and its exports. Start at `kinds.build_report`, `dashboard.dashboard_figures`,
`monthly.monthly_report` and `exports.export_report`."""
