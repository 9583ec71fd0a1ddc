"""The SQLite store: schema and migrations (schema.py), the idempotent writer (writer.py), queries."""
from newsgraph.store.schema import SCHEMA_VERSION, StoreError, connect

__all__ = ["connect", "StoreError", "SCHEMA_VERSION"]
