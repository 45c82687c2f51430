"""questions to the room and their upvotes

A question is asked from a phone in any phase; it keeps its author until they erase
themselves (then it stays, unattributed). An upvote is one row per participant and question,
unique, so it counts once.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05
"""

from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('question',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.String(length=300), nullable=False),
    sa.Column('answered', sa.Boolean(), nullable=False),
    sa.Column('pinned', sa.Boolean(), nullable=False),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_question_participant_id_participant'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_question_workshop_id_workshop'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_question_workshop_id'), ['workshop_id'], unique=False)

    op.create_table('question_upvote',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_question_upvote_participant_id_participant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_question_upvote_question_id_question'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_question_upvote_workshop_id_workshop'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question_upvote')),
    sa.UniqueConstraint('question_id', 'participant_id', name=op.f('uq_question_upvote_question_id_participant_id')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('question_upvote', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_upvote_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_question_upvote_question_id'), ['question_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_question_upvote_workshop_id'), ['workshop_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('question_upvote', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_upvote_workshop_id'))
        batch_op.drop_index(batch_op.f('ix_question_upvote_question_id'))
        batch_op.drop_index(batch_op.f('ix_question_upvote_participant_id'))

    op.drop_table('question_upvote')
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_workshop_id'))
        batch_op.drop_index(batch_op.f('ix_question_participant_id'))

    op.drop_table('question')
