"""a workshop's team: co-facilitators, one-time invitation links, administrators

A workshop keeps its owner (``workshop.facilitator_id``); each co-facilitator is a row of
team_member. An invitation link is stored as its SHA-256, with when it expires and who used it
(once). A facilitator account may be an administrator (creates, disables and resets accounts
from the web) and may be disabled (signs in to nothing). The first account of an existing
install (other than the demo's) becomes its administrator, as ``setup`` makes it now.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05
"""

from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('team_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('facilitator_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('co_facilitator', name='teamrole', native_enum=False, length=16), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['facilitator_id'], ['facilitator.id'], name=op.f('fk_team_member_facilitator_id_facilitator'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_team_member_workshop_id_workshop'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_team_member')),
    sa.UniqueConstraint('workshop_id', 'facilitator_id', name=op.f('uq_team_member_workshop_id_facilitator_id')),
    sqlite_autoincrement=True,
    )
    with op.batch_alter_table('team_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_team_member_facilitator_id'), ['facilitator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_team_member_workshop_id'), ['workshop_id'], unique=False)
    op.create_table('invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('used_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['facilitator.id'], name=op.f('fk_invitation_created_by_id_facilitator'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['used_by_id'], ['facilitator.id'], name=op.f('fk_invitation_used_by_id_facilitator'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_invitation_workshop_id_workshop'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_invitation_token_hash')),
    sqlite_autoincrement=True,
    )
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitation_workshop_id'), ['workshop_id'], unique=False)
    with op.batch_alter_table('facilitator', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_admin', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('disabled', sa.Boolean(), server_default=sa.false(), nullable=False))
    facilitator = sa.table('facilitator', sa.column('id', sa.Integer), sa.column('email', sa.String),
                           sa.column('is_admin', sa.Boolean))
    # The demo's account (its password printed by ``workshop demo``) never administers.
    first = sa.select(sa.func.min(facilitator.c.id)).where(
        facilitator.c.email != 'demo@atelier.example').scalar_subquery()
    op.execute(facilitator.update().where(facilitator.c.id == first).values(is_admin=True))


def downgrade() -> None:
    with op.batch_alter_table('facilitator', schema=None) as batch_op:
        batch_op.drop_column('disabled')
        batch_op.drop_column('is_admin')
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitation_workshop_id'))
    op.drop_table('invitation')
    with op.batch_alter_table('team_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_team_member_workshop_id'))
        batch_op.drop_index(batch_op.f('ix_team_member_facilitator_id'))
    op.drop_table('team_member')
