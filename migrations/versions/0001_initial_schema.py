"""initial schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-24
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('facilitator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('display_name', sa.String(length=80), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('locale', sa.String(length=8), nullable=True),
    sa.Column('session_version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_facilitator')),
    sa.UniqueConstraint('email', name=op.f('uq_facilitator_email'))
    )
    op.create_table('api_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('facilitator_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['facilitator_id'], ['facilitator.id'], name=op.f('fk_api_token_facilitator_id_facilitator'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_token_token_hash'))
    )
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_token_facilitator_id'), ['facilitator_id'], unique=False)

    op.create_table('workshop',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('facilitator_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('calling_question', sa.String(length=500), nullable=False),
    sa.Column('method', sa.Enum('open_space', 'barcamp', 'appreciative_inquiry', 'world_cafe', name='method', native_enum=False, length=32), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('join_code', sa.String(length=6), nullable=False),
    sa.Column('screen_key', sa.String(length=43), nullable=False),
    sa.Column('state', sa.Enum('draft', 'live', 'ended', 'archived', name='workshopstate', native_enum=False, length=16), nullable=False),
    sa.Column('phase', sa.String(length=64), nullable=True),
    sa.Column('vote_budget', sa.Integer(), nullable=False),
    sa.Column('max_votes_per_topic', sa.Integer(), nullable=False),
    sa.Column('stakeholder_groups', sa.JSON(), nullable=False),
    sa.Column('anonymous', sa.Boolean(), nullable=False),
    sa.Column('joining_locked', sa.Boolean(), nullable=False),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.Column('last_seq', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('max_votes_per_topic >= 1 AND max_votes_per_topic <= 100', name=op.f('ck_workshop_max_votes_range')),
    sa.CheckConstraint('vote_budget >= 1 AND vote_budget <= 100', name=op.f('ck_workshop_vote_budget_range')),
    sa.ForeignKeyConstraint(['facilitator_id'], ['facilitator.id'], name=op.f('fk_workshop_facilitator_id_facilitator'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workshop')),
    sa.UniqueConstraint('join_code', name=op.f('uq_workshop_join_code')),
    sa.UniqueConstraint('screen_key', name=op.f('uq_workshop_screen_key'))
    )
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workshop_facilitator_id'), ['facilitator_id'], unique=False)

    op.create_table('event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=64), nullable=False),
    sa.Column('actor', sa.String(length=32), nullable=False),
    sa.Column('client_id', sa.String(length=64), nullable=True),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('result', sa.JSON(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_event_workshop_id_workshop'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event')),
    sa.UniqueConstraint('workshop_id', 'actor', 'client_id', name=op.f('uq_event_workshop_id_actor_client_id')),
    sa.UniqueConstraint('workshop_id', 'seq', name=op.f('uq_event_workshop_id_seq'))
    )
    op.create_table('participant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('display_name', sa.String(length=80), nullable=False),
    sa.Column('group_key', sa.String(length=64), nullable=False),
    sa.Column('consent_quote', sa.Boolean(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('locale', sa.String(length=8), nullable=True),
    sa.Column('joined_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_participant_workshop_id_workshop'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participant')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_participant_token_hash'))
    )
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_participant_workshop_id'), ['workshop_id'], unique=False)

    op.create_table('room',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_room_workshop_id_workshop'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_room'))
    )
    with op.batch_alter_table('room', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_room_workshop_id'), ['workshop_id'], unique=False)

    op.create_table('time_slot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=80), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_time_slot_workshop_id_workshop'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_time_slot'))
    )
    with op.batch_alter_table('time_slot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_time_slot_workshop_id'), ['workshop_id'], unique=False)

    op.create_table('contribution',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('topic', 'story', 'theme', 'dream', 'proposition', 'question', 'insight', 'word', 'feedback', name='contributionkind', native_enum=False, length=16), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('visible', 'hidden', 'merged', name='contributionstatus', native_enum=False, length=16), nullable=False),
    sa.Column('merged_into_id', sa.Integer(), nullable=True),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('phase', sa.String(length=64), nullable=True),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['participant.id'], name=op.f('fk_contribution_author_id_participant'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['merged_into_id'], ['contribution.id'], name=op.f('fk_contribution_merged_into_id_contribution'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['parent_id'], ['contribution.id'], name=op.f('fk_contribution_parent_id_contribution'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_contribution_workshop_id_workshop'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contribution'))
    )
    with op.batch_alter_table('contribution', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contribution_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contribution_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contribution_workshop_id'), ['workshop_id'], unique=False)

    op.create_table('commitment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('owner_name', sa.String(length=80), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('contribution_id', sa.Integer(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('personal', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contribution_id'], ['contribution.id'], name=op.f('fk_commitment_contribution_id_contribution'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_commitment_participant_id_participant'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_commitment_workshop_id_workshop'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commitment'))
    )
    with op.batch_alter_table('commitment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_commitment_contribution_id'), ['contribution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_commitment_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_commitment_workshop_id'), ['workshop_id'], unique=False)

    op.create_table('scheduled_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('contribution_id', sa.Integer(), nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=False),
    sa.Column('slot_id', sa.Integer(), nullable=False),
    sa.Column('locked', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['contribution_id'], ['contribution.id'], name=op.f('fk_scheduled_session_contribution_id_contribution'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['room_id'], ['room.id'], name=op.f('fk_scheduled_session_room_id_room'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['slot_id'], ['time_slot.id'], name=op.f('fk_scheduled_session_slot_id_time_slot'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_scheduled_session_workshop_id_workshop'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scheduled_session')),
    sa.UniqueConstraint('contribution_id', name=op.f('uq_scheduled_session_contribution_id')),
    sa.UniqueConstraint('room_id', 'slot_id', name=op.f('uq_scheduled_session_room_id_slot_id'))
    )
    with op.batch_alter_table('scheduled_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scheduled_session_workshop_id'), ['workshop_id'], unique=False)

    op.create_table('shared_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('contribution_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('snapshot', sa.LargeBinary(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contribution_id'], ['contribution.id'], name=op.f('fk_shared_document_contribution_id_contribution'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_shared_document_workshop_id_workshop'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shared_document'))
    )
    with op.batch_alter_table('shared_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shared_document_contribution_id'), ['contribution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_shared_document_workshop_id'), ['workshop_id'], unique=False)

    op.create_table('vote',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('ballot', sa.String(length=64), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('contribution_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contribution_id'], ['contribution.id'], name=op.f('fk_vote_contribution_id_contribution'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_vote_participant_id_participant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_vote_workshop_id_workshop'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vote'))
    )
    with op.batch_alter_table('vote', schema=None) as batch_op:
        batch_op.create_index('ix_vote_budget', ['workshop_id', 'ballot', 'participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_vote_contribution_id'), ['contribution_id'], unique=False)

    op.create_table('document_update',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['shared_document.id'], name=op.f('fk_document_update_document_id_shared_document'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_document_update_participant_id_participant'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_update'))
    )
    with op.batch_alter_table('document_update', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_update_document_id'), ['document_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('document_update', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_update_document_id'))

    op.drop_table('document_update')
    with op.batch_alter_table('vote', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vote_contribution_id'))
        batch_op.drop_index('ix_vote_budget')

    op.drop_table('vote')
    with op.batch_alter_table('shared_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shared_document_workshop_id'))
        batch_op.drop_index(batch_op.f('ix_shared_document_contribution_id'))

    op.drop_table('shared_document')
    with op.batch_alter_table('scheduled_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scheduled_session_workshop_id'))

    op.drop_table('scheduled_session')
    with op.batch_alter_table('commitment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_commitment_workshop_id'))
        batch_op.drop_index(batch_op.f('ix_commitment_participant_id'))
        batch_op.drop_index(batch_op.f('ix_commitment_contribution_id'))

    op.drop_table('commitment')
    with op.batch_alter_table('contribution', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contribution_workshop_id'))
        batch_op.drop_index(batch_op.f('ix_contribution_parent_id'))
        batch_op.drop_index(batch_op.f('ix_contribution_author_id'))

    op.drop_table('contribution')
    with op.batch_alter_table('time_slot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_time_slot_workshop_id'))

    op.drop_table('time_slot')
    with op.batch_alter_table('room', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_room_workshop_id'))

    op.drop_table('room')
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_participant_workshop_id'))

    op.drop_table('participant')
    op.drop_table('event')
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workshop_facilitator_id'))

    op.drop_table('workshop')
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_token_facilitator_id'))

    op.drop_table('api_token')
    op.drop_table('facilitator')
