"""The set of schema steps every project records: one object that each step module registers with."""

from __future__ import annotations

from sqlite_utils.migrations import Migrations

MIGRATION_SET = "annotator"
MIGRATIONS_TABLE = "_sqlite_migrations"  # where sqlite-utils records the applied steps
migrations = Migrations(MIGRATION_SET)
