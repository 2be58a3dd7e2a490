"""Use cases. Each takes the acting user (`Actor`) and plain values, owns its transaction, checks the
role, validates, writes the audit trail and returns plain values. The CLI, the UI and the tests call these."""
