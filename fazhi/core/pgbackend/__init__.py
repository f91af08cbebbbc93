"""fazhi's PostgreSQL backend: Django's, with a pre-commit step for the audit trail (``fazhi.core.audit``)."""
