"""The rules. Services flush, never commit: the caller's unit of work commits."""
