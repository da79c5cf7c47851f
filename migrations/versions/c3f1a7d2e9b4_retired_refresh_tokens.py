"""every earlier refresh token of a session is remembered (reuse of any of them revokes the session)

Revision ID: c3f1a7d2e9b4
Revises: ba6cfa44d04f
Create Date: 2026-12-07 19:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3f1a7d2e9b4'
down_revision = 'ba6cfa44d04f'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('retired_refresh_tokens',
    sa.Column('refresh_hash', sa.String(length=64), nullable=False),
    sa.Column('session_id', sa.String(length=32), nullable=False),
    sa.Column('retired_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['auth_sessions.id'], name=op.f('fk_retired_refresh_tokens_session_id_auth_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('refresh_hash', name=op.f('pk_retired_refresh_tokens'))
    )
    with op.batch_alter_table('retired_refresh_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_retired_refresh_tokens_session_id'), ['session_id'], unique=False)

    # The one earlier token each session remembered so far stays a detected reuse.
    op.execute("INSERT INTO retired_refresh_tokens (refresh_hash, session_id, retired_at) "
               "SELECT previous_refresh_hash, id, COALESCE(refreshed_at, created_at) FROM auth_sessions "
               "WHERE previous_refresh_hash IS NOT NULL")
    with op.batch_alter_table('auth_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_auth_sessions_previous_refresh_hash'))
        batch_op.drop_column('previous_refresh_hash')


def downgrade():
    with op.batch_alter_table('auth_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('previous_refresh_hash', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_auth_sessions_previous_refresh_hash'), ['previous_refresh_hash'], unique=False)
    # Only the latest retired token of each session fits the old column.
    op.execute("UPDATE auth_sessions SET previous_refresh_hash = (SELECT r.refresh_hash FROM retired_refresh_tokens r "
               "WHERE r.session_id = auth_sessions.id ORDER BY r.retired_at DESC LIMIT 1)")
    with op.batch_alter_table('retired_refresh_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_retired_refresh_tokens_session_id'))

    op.drop_table('retired_refresh_tokens')
