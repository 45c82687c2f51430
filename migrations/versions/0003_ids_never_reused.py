"""ids never reused, signed-in browsers

SQLite hands out the highest id again after it was deleted unless a table is AUTOINCREMENT:
every table is rebuilt with it (PostgreSQL's sequences never reuse an id: nothing to do there).
A retry key now names its socket event too (event.client_id grows to 100 characters).
Browsers signed in are rows of sign_in, so that signing out ends a session everywhere; the
session version they replace goes.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""

from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

SKIPPED = {"alembic_version", "sqlite_sequence"}


def _rebuild_every_table(autoincrement: bool) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    for name in sa.inspect(bind).get_table_names():
        if name in SKIPPED:
            continue
        with op.batch_alter_table(name, recreate="always",
                                  table_kwargs={"sqlite_autoincrement": autoincrement}):
            pass


def upgrade() -> None:
    op.create_table('sign_in',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('facilitator_id', sa.Integer(), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['facilitator_id'], ['facilitator.id'], name=op.f('fk_sign_in_facilitator_id_facilitator'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_in')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_sign_in_key_hash')),
    sqlite_autoincrement=True,
    )
    with op.batch_alter_table('sign_in', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_in_facilitator_id'), ['facilitator_id'], unique=False)
    with op.batch_alter_table('facilitator', schema=None) as batch_op:
        batch_op.drop_column('session_version')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.alter_column('client_id', existing_type=sa.String(length=64),
                              type_=sa.String(length=100), existing_nullable=True)
    _rebuild_every_table(autoincrement=True)


def downgrade() -> None:
    _rebuild_every_table(autoincrement=False)
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.alter_column('client_id', existing_type=sa.String(length=100),
                              type_=sa.String(length=64), existing_nullable=True)
    with op.batch_alter_table('facilitator', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='1', nullable=False))
    with op.batch_alter_table('sign_in', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_in_facilitator_id'))
    op.drop_table('sign_in')
