"""questions wait for review like contributions

A question holding a word of the insult lists, or asked while the workshop reviews everything
first, waits for the facilitator: ``held`` says why, and is emptied once it is approved.
Existing questions were all shown already.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05
"""

from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.add_column(sa.Column('held', sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.drop_column('held')
