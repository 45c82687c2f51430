"""commitment reminders: an owner's opt-in e-mail address for one commitment

`workshop remind` e-mails owners who opted in, once per due date; the stop link erases the row.
The address is never exported nor archived; it goes with its commitment, owner or workshop.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05
"""

from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('commitment_reminder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('commitment_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('stop_salt', sa.String(length=64), nullable=False),
    sa.Column('stop_hash', sa.String(length=64), nullable=False),
    sa.Column('reminded_due_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_commitment_reminder_workshop_id_workshop'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['commitment_id'], ['commitment.id'], name=op.f('fk_commitment_reminder_commitment_id_commitment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_commitment_reminder_participant_id_participant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commitment_reminder')),
    sa.UniqueConstraint('commitment_id', name=op.f('uq_commitment_reminder_commitment_id')),
    sa.UniqueConstraint('stop_hash', name=op.f('uq_commitment_reminder_stop_hash')),
    sqlite_autoincrement=True,
    )
    with op.batch_alter_table('commitment_reminder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_commitment_reminder_participant_id'),
                              ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_commitment_reminder_workshop_id'), ['workshop_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('commitment_reminder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_commitment_reminder_workshop_id'))
        batch_op.drop_index(batch_op.f('ix_commitment_reminder_participant_id'))
    op.drop_table('commitment_reminder')
