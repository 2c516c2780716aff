"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 09:08:03.942037
"""

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('cycles',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('trigger', sa.String(length=16), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('summary', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cycles'))
    )
    op.create_table('stories',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('outlet', sa.String(length=64), nullable=False),
    sa.Column('canonical_url', sa.String(length=2048), nullable=False),
    sa.Column('url', sa.String(length=2048), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('author', sa.String(length=256), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('fetched_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('fingerprint', sa.BigInteger(), nullable=False),
    sa.Column('text_hash', sa.String(length=64), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('matched_terms', sa.JSON(), nullable=False),
    sa.Column('duplicate_of_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['duplicate_of_id'], ['stories.id'], name=op.f('fk_stories_duplicate_of_id_stories'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stories')),
    sa.UniqueConstraint('canonical_url', name=op.f('uq_stories_canonical_url'))
    )
    with op.batch_alter_table('stories', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stories_duplicate_of_id'), ['duplicate_of_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stories_outlet'), ['outlet'], unique=False)
        batch_op.create_index(batch_op.f('ix_stories_text_hash'), ['text_hash'], unique=False)
        batch_op.create_index('uq_stories_primary_text_hash', ['text_hash'], unique=True, sqlite_where=sa.text('duplicate_of_id IS NULL'), postgresql_where=sa.text('duplicate_of_id IS NULL'))

    op.create_table('crawl_runs',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('outlet', sa.String(length=64), nullable=False),
    sa.Column('cycle_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('stats', sa.JSON(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('pid', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['cycle_id'], ['cycles.id'], name=op.f('fk_crawl_runs_cycle_id_cycles'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crawl_runs'))
    )
    with op.batch_alter_table('crawl_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_crawl_runs_outlet'), ['outlet'], unique=False)

    op.create_table('exports',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('story_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('folder', sa.String(length=1024), nullable=False),
    sa.Column('format', sa.String(length=8), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('exported_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], name=op.f('fk_exports_story_id_stories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exports')),
    sa.UniqueConstraint('story_id', 'folder', 'format', name='uq_exports_story')
    )
    op.create_table('seen_urls',
    sa.Column('url', sa.String(length=2048), nullable=False),
    sa.Column('outlet', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('etag', sa.String(length=512), nullable=True),
    sa.Column('last_modified', sa.String(length=64), nullable=True),
    sa.Column('story_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('first_seen', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], name=op.f('fk_seen_urls_story_id_stories'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('url', name=op.f('pk_seen_urls'))
    )
    with op.batch_alter_table('seen_urls', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seen_urls_outlet'), ['outlet'], unique=False)

    op.create_table('story_bands',
    sa.Column('story_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('band_no', sa.SmallInteger(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], name=op.f('fk_story_bands_story_id_stories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('story_id', 'band_no', name=op.f('pk_story_bands'))
    )
    with op.batch_alter_table('story_bands', schema=None) as batch_op:
        batch_op.create_index('ix_story_bands_lookup', ['band_no', 'value'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('story_bands', schema=None) as batch_op:
        batch_op.drop_index('ix_story_bands_lookup')

    op.drop_table('story_bands')
    with op.batch_alter_table('seen_urls', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seen_urls_outlet'))

    op.drop_table('seen_urls')
    op.drop_table('exports')
    with op.batch_alter_table('crawl_runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_crawl_runs_outlet'))

    op.drop_table('crawl_runs')
    with op.batch_alter_table('stories', schema=None) as batch_op:
        batch_op.drop_index('uq_stories_primary_text_hash', sqlite_where=sa.text('duplicate_of_id IS NULL'), postgresql_where=sa.text('duplicate_of_id IS NULL'))
        batch_op.drop_index(batch_op.f('ix_stories_text_hash'))
        batch_op.drop_index(batch_op.f('ix_stories_outlet'))
        batch_op.drop_index(batch_op.f('ix_stories_duplicate_of_id'))

    op.drop_table('stories')
    op.drop_table('cycles')
