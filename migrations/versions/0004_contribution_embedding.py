"""contribution embeddings

A contribution's sentence vector is cached with the model that made it and a hash of the text
it was made from, so that it is computed once and made again only when the text is edited.
Its key is the contribution's id (never reused: 0003), so sqlite_autoincrement changes nothing
here; it is set like on every other table so the SQLite schema reads the same.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('contribution_embedding',
    sa.Column('contribution_id', sa.Integer(), nullable=False),
    sa.Column('model', sa.String(length=64), nullable=False),
    sa.Column('text_hash', sa.String(length=64), nullable=False),
    sa.Column('vector', sa.LargeBinary(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contribution_id'], ['contribution.id'], name=op.f('fk_contribution_embedding_contribution_id_contribution'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('contribution_id', name=op.f('pk_contribution_embedding')),
    sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table('contribution_embedding')
