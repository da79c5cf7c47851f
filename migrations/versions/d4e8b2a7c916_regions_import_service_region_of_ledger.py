"""regions can be deactivated by a newer region file; a service credit names the region it was served in,
indexed for the quarterly stars

Revision ID: d4e8b2a7c916
Revises: c3f1a7d2e9b4
Create Date: 2026-12-08 00:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4e8b2a7c916'
down_revision = 'd4b8e1f0a6c2'
branch_labels = None
depends_on = None

SERVICE_CAUSES = "'attendance', 'certification', 'help_request'"


def upgrade():
    with op.batch_alter_table('regions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_active', sa.Boolean(), server_default=sa.true(), nullable=False))
    with op.batch_alter_table('ledger_transfers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('region_path', sa.String(length=200), nullable=True))

    # Earlier service credits: the place of service from their cause key (the keys the booking code writes:
    # attendance:<activity>:…, certification:<certification>:take:<take>, help_request:<request>:volunteer:<user>).
    op.execute("UPDATE ledger_transfers t SET region_path = a.region_path FROM activities a "
               "WHERE t.cause = 'attendance' AND t.cause_key ~ '^attendance:[0-9]+:' "
               "AND a.id = split_part(t.cause_key, ':', 2)::bigint")
    op.execute("UPDATE ledger_transfers t SET region_path = o.region_path FROM certifications c "
               "JOIN wish_orders o ON o.id = c.order_id "
               "WHERE t.cause = 'certification' AND t.cause_key ~ '^certification:[0-9]+:' "
               "AND c.id = split_part(t.cause_key, ':', 2)::bigint")
    op.execute("UPDATE ledger_transfers t SET region_path = h.region_path FROM help_requests h "
               "WHERE t.cause = 'help_request' AND t.cause_key ~ '^help_request:[0-9]+:' "
               "AND h.id = split_part(t.cause_key, ':', 2)::bigint")

    with op.batch_alter_table('ledger_transfers', schema=None) as batch_op:
        batch_op.create_index('ix_ledger_transfers_service_created_at', ['created_at'], unique=False,
                              postgresql_include=['region_path', 'source_id', 'destination_id', 'hours',
                                                  'services'],
                              postgresql_where=sa.text(f"cause IN ({SERVICE_CAUSES})"))


def downgrade():
    with op.batch_alter_table('ledger_transfers', schema=None) as batch_op:
        batch_op.drop_index('ix_ledger_transfers_service_created_at',
                            postgresql_where=sa.text(f"cause IN ({SERVICE_CAUSES})"))
        batch_op.drop_column('region_path')
    with op.batch_alter_table('regions', schema=None) as batch_op:
        batch_op.drop_column('is_active')
