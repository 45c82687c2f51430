"""methods: interest, check-ins, seats, document keys

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('seat',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('table', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('host', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_seat_participant_id_participant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_seat_workshop_id_workshop'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_seat')),
    sa.UniqueConstraint('workshop_id', 'kind', 'round', 'participant_id', name=op.f('uq_seat_workshop_id_kind_round_participant_id'))
    )
    with op.batch_alter_table('seat', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seat_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_seat_workshop_id'), ['workshop_id'], unique=False)

    op.create_table('check_in',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('contribution_id', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contribution_id'], ['contribution.id'], name=op.f('fk_check_in_contribution_id_contribution'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_check_in_participant_id_participant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_check_in_workshop_id_workshop'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_check_in')),
    sa.UniqueConstraint('participant_id', name=op.f('uq_check_in_participant_id'))
    )
    with op.batch_alter_table('check_in', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_check_in_contribution_id'), ['contribution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_check_in_workshop_id'), ['workshop_id'], unique=False)

    op.create_table('interest',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('contribution_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contribution_id'], ['contribution.id'], name=op.f('fk_interest_contribution_id_contribution'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_interest_participant_id_participant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_interest_workshop_id_workshop'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interest')),
    sa.UniqueConstraint('participant_id', 'contribution_id', name=op.f('uq_interest_participant_id_contribution_id'))
    )
    with op.batch_alter_table('interest', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interest_contribution_id'), ['contribution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_interest_workshop_id'), ['workshop_id'], unique=False)

    with op.batch_alter_table('shared_document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('key', sa.String(length=64), server_default='', nullable=False))
        batch_op.add_column(sa.Column('compacted_through', sa.Integer(), server_default='0', nullable=False))
    # Documents made before keys existed get a unique one from their id.
    op.execute("UPDATE shared_document SET key = 'doc:' || id WHERE key = ''")
    with op.batch_alter_table('shared_document', schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f('uq_shared_document_workshop_id_key'), ['workshop_id', 'key'])



def downgrade() -> None:
    with op.batch_alter_table('shared_document', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_shared_document_workshop_id_key'), type_='unique')
        batch_op.drop_column('compacted_through')
        batch_op.drop_column('key')

    with op.batch_alter_table('interest', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interest_workshop_id'))
        batch_op.drop_index(batch_op.f('ix_interest_contribution_id'))

    op.drop_table('interest')
    with op.batch_alter_table('check_in', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_check_in_workshop_id'))
        batch_op.drop_index(batch_op.f('ix_check_in_contribution_id'))

    op.drop_table('check_in')
    with op.batch_alter_table('seat', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seat_workshop_id'))
        batch_op.drop_index(batch_op.f('ix_seat_participant_id'))

    op.drop_table('seat')
