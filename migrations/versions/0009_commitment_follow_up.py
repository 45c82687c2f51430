"""commitment follow-up: a status and a history of progress notes

After the workshop a commitment is planned, started, done or dropped (with a reason); its owner
(from their phone link) or the facilitator records each step as a note. Existing commitments
start as planned.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05
"""

from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

STATUS = sa.Enum('planned', 'started', 'done', 'dropped', name='commitmentstatus',
                 native_enum=False, length=16)


def upgrade() -> None:
    with op.batch_alter_table('commitment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', STATUS, nullable=False, server_default='planned'))
        batch_op.add_column(sa.Column('status_changed_at', sa.DateTime(timezone=True),
                                      nullable=True))
    op.create_table('commitment_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('commitment_id', sa.Integer(), nullable=False),
    sa.Column('status', STATUS, nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_commitment_note_workshop_id_workshop'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['commitment_id'], ['commitment.id'], name=op.f('fk_commitment_note_commitment_id_commitment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_commitment_note_participant_id_participant'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commitment_note')),
    sqlite_autoincrement=True,
    )
    with op.batch_alter_table('commitment_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_commitment_note_commitment_id'), ['commitment_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_commitment_note_workshop_id'), ['workshop_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('commitment_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_commitment_note_workshop_id'))
        batch_op.drop_index(batch_op.f('ix_commitment_note_commitment_id'))
    op.drop_table('commitment_note')
    with op.batch_alter_table('commitment', schema=None) as batch_op:
        batch_op.drop_column('status_changed_at')
        batch_op.drop_column('status')
