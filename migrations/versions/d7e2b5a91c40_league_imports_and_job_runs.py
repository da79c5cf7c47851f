"""league account import batches; the last run of each scheduled job

Revision ID: d7e2b5a91c40
Revises: c3f1a7d2e9b4
Create Date: 2026-12-08 00:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd7e2b5a91c40'
down_revision = 'c3f1a7d2e9b4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('league_import_batches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('organisation_count', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_league_import_batches_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_league_import_batches')),
    sa.UniqueConstraint('digest', name=op.f('uq_league_import_batches_digest'))
    )
    with op.batch_alter_table('league_import_batches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_league_import_batches_created_by_id'), ['created_by_id'], unique=False)

    op.create_table('job_runs',
    sa.Column('job', sa.String(length=100), nullable=False),
    sa.Column('task', sa.String(length=200), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('error', sa.String(length=300), nullable=True),
    sa.PrimaryKeyConstraint('job', name=op.f('pk_job_runs'))
    )


def downgrade():
    op.drop_table('job_runs')
    with op.batch_alter_table('league_import_batches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_league_import_batches_created_by_id'))

    op.drop_table('league_import_batches')
