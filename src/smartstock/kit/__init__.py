"""Cross-cutting pieces: errors, auth, tenancy, audit, pagination."""
