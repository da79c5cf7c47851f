"""the community module's audit trail (community_events): applications, reports, help requests, stars

Revision ID: e5b2c8d14f70
Revises: c3f1a7d2e9b4
Create Date: 2026-12-08 00:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5b2c8d14f70'
down_revision = 'b59e8334060f'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('community_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject_type', sa.String(length=20), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=30), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=True),
    sa.Column('to_status', sa.String(length=20), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=200), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_community_events_actor_id_users')),
    sa.ForeignKeyConstraint(['community_id'], ['organisations.id'], name=op.f('fk_community_events_community_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_community_events'))
    )
    with op.batch_alter_table('community_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_community_events_community_id'), ['community_id'], unique=False)
        batch_op.create_index('ix_community_events_subject', ['subject_type', 'subject_id', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('community_events', schema=None) as batch_op:
        batch_op.drop_index('ix_community_events_subject')
        batch_op.drop_index(batch_op.f('ix_community_events_community_id'))

    op.drop_table('community_events')
