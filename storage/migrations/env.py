"""Alembic environment: runs migrations on the connection that `storage.migrate` hands in.

Two processes starting at once must not both migrate: SQLite serializes them
through `BEGIN IMMEDIATE` (see storage.db), PostgreSQL through an advisory lock
held for the migration transaction.
"""

from alembic import context

from storage.models import Base
from storage.search import include_object

MIGRATION_LOCK_ID = 0x61736E77  # "asnw": PostgreSQL advisory lock key

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    include_object=include_object,
)
with context.begin_transaction():
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_ID})")
    context.run_migrations()
