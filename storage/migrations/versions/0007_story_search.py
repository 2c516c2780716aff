"""Full-text search over stories' title and text, kept in step with the stories table.

SQLite: an FTS5 table `stories_fts` (tokenizer `unicode61 remove_diacritics 2`:
case and diacritics folded) with *external content*: it reads title and text
from `stories` (content_rowid = stories.id) instead of holding a second copy of
every text, which a normal FTS table would, and unlike a contentless table it
can still build `snippet()`s, which need the text. Its index is kept in step by
triggers on insert, update of title/text, and delete of `stories`.

PostgreSQL: a stored generated column `stories.search`, the title weighted A and
the text D under the `simple` configuration (no stemming: Indonesian words stay
as written, so "netral" matches "netral"), with a GIN index. The database
computes it on every write, so no trigger is needed. `simple` does not fold
diacritics and the `unaccent` extension is neither always installed nor
immutable, so both parts pass through `translate()` over the Latin-1 and
Latin Extended-A letters (`storage.search.FOLD_FROM`/`FOLD_TO` fold a query the
same way; this file keeps its own copy, as a migration is a fixed snapshot).

Neither is a SQLAlchemy model: `storage.search.SEARCH_OBJECTS` names them for
the models-vs-migrations comparison. Existing stories are indexed here: the
FTS `rebuild` command reads them all; a generated column is computed for every
existing row when it is added.

A later migration that rebuilds `stories` on SQLite (Alembic's batch mode
copies the table) drops its triggers with it: such a migration must create them
again.

Revision ID: 0007
Revises: 0006
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

FOLD_FROM = (
    "ÀÁÂÃÄÅàáâãäåĀāĂăĄąÇçĆćĈĉĊċČčĎďĐđÈÉÊËèéêëĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħÌÍÎÏìíîïĨĩĪīĬĭĮįİı"
    "ĴĵĶķĹĺĻļĽľĿŀŁłÑñŃńŅņŇňÒÓÔÕÖØòóôõöøŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŧÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲų"
    "ŴŵÝýÿŶŷŸŹźŻżŽž"
)
FOLD_TO = (
    "AAAAAAaaaaaaAaAaAaCcCcCcCcCcDdDdEEEEeeeeEeEeEeEeEeGgGgGgGgHhHhIIIIiiiiIiIiIiIiIi"
    "JjKkLlLlLlLlLlNnNnNnNnOOOOOOooooooOoOoOoRrRrRrSsSsSsSsTtTtTtUUUUuuuuUuUuUuUuUuUu"
    "WwYyyYyYZzZzZz"
)

_SQLITE_TRIGGERS = (
    """CREATE TRIGGER stories_fts_insert AFTER INSERT ON stories BEGIN
        INSERT INTO stories_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
    """CREATE TRIGGER stories_fts_delete AFTER DELETE ON stories BEGIN
        INSERT INTO stories_fts (stories_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
    END""",
    """CREATE TRIGGER stories_fts_update AFTER UPDATE OF title, text ON stories BEGIN
        INSERT INTO stories_fts (stories_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO stories_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
)


def _folded(column: str) -> str:
    return f"translate(coalesce({column}, ''), '{FOLD_FROM}', '{FOLD_TO}')"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE stories_fts USING fts5(title, text, content='stories', "
            "content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
        )
        for trigger in _SQLITE_TRIGGERS:
            op.execute(trigger)
        op.execute("INSERT INTO stories_fts (stories_fts) VALUES ('rebuild')")
        return
    op.execute(
        "ALTER TABLE stories ADD COLUMN search tsvector GENERATED ALWAYS AS ("
        f"setweight(to_tsvector('simple', {_folded('title')}), 'A') || "
        f"setweight(to_tsvector('simple', {_folded('text')}), 'D')) STORED"
    )
    op.execute("CREATE INDEX ix_stories_search ON stories USING gin (search)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS stories_fts_{name}")
        op.execute("DROP TABLE IF EXISTS stories_fts")
        return
    op.execute("DROP INDEX IF EXISTS ix_stories_search")
    op.execute("ALTER TABLE stories DROP COLUMN IF EXISTS search")
