"""the brief's curation, the workshop's time zone and holiday country

A facilitator's accepted, edited or dropped element of the brief is a row of curation, found
again after every build by the element's stable key (one row per key and workshop). The
workshop gets the IANA time zone its exports show dates in and the country whose public
holidays its editorial calendar may skip; existing workshops keep both empty (their language's
zone, no holidays), as before.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05
"""

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('curation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('kind', sa.Enum('message', 'question', 'listening', 'risk', 'theme', 'post', name='curationkind', native_enum=False, length=16), nullable=False),
    sa.Column('action', sa.Enum('accepted', 'edited', 'dropped', name='curationaction', native_enum=False, length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('automatic', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_curation_workshop_id_workshop'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_curation')),
    sa.UniqueConstraint('workshop_id', 'key', name=op.f('uq_curation_workshop_id_key')),
    sqlite_autoincrement=True,
    )
    with op.batch_alter_table('curation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_curation_workshop_id'), ['workshop_id'], unique=False)
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.add_column(sa.Column('timezone', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('holiday_country', sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.drop_column('holiday_country')
        batch_op.drop_column('timezone')
    with op.batch_alter_table('curation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_curation_workshop_id'))
    op.drop_table('curation')
