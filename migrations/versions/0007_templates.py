"""workshop templates and logos

A facilitator's saved templates (a workshop's set-up as JSON, never its participants) and one
logo per workshop, checked and re-encoded on upload. Existing workshops have no logo; their
accent colour lives in their options and defaults to Atelier's own.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05
"""

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('workshop_template',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('facilitator_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('method', sa.Enum('open_space', 'barcamp', 'appreciative_inquiry', 'world_cafe', name='method', native_enum=False, length=32), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['facilitator_id'], ['facilitator.id'], name=op.f('fk_workshop_template_facilitator_id_facilitator'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workshop_template')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('workshop_template', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workshop_template_facilitator_id'), ['facilitator_id'], unique=False)

    op.create_table('workshop_logo',
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('media_type', sa.String(length=32), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_workshop_logo_workshop_id_workshop'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('workshop_id', name=op.f('pk_workshop_logo')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('workshop_logo', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workshop_logo_digest'), ['digest'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('workshop_logo', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workshop_logo_digest'))

    op.drop_table('workshop_logo')
    with op.batch_alter_table('workshop_template', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workshop_template_facilitator_id'))

    op.drop_table('workshop_template')
