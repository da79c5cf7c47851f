"""donations to a beneficiary (its own ledger account, received points cached on the row); an index for the
points adjustments audit list

Revision ID: d4b8e1f0a6c2
Revises: c3f1a7d2e9b4
Create Date: 2026-12-08 00:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4b8e1f0a6c2'
down_revision = 'd7e2a5c1f0b3'
branch_labels = None
depends_on = None

_OWNERS = "'user', 'organisation', 'order', 'system'"


def upgrade():
    with op.batch_alter_table('ledger_accounts', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_ledger_accounts_ownertype'), type_='check')
        batch_op.create_check_constraint('ownertype', f"owner_type IN ({_OWNERS}, 'beneficiary')")

    with op.batch_alter_table('ledger_transfers', schema=None) as batch_op:
        batch_op.create_index('ix_ledger_transfers_adjustments', ['id'], unique=False,
                              postgresql_where=sa.text("cause = 'adjustment'"),
                              sqlite_where=sa.text("cause = 'adjustment'"))

    with op.batch_alter_table('beneficiaries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('donated_points', sa.Integer(), nullable=False, server_default='0'))
        batch_op.create_check_constraint('donated_points_not_negative', 'donated_points >= 0')


def downgrade():
    with op.batch_alter_table('beneficiaries', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_beneficiaries_donated_points_not_negative'), type_='check')
        batch_op.drop_column('donated_points')

    with op.batch_alter_table('ledger_transfers', schema=None) as batch_op:
        batch_op.drop_index('ix_ledger_transfers_adjustments')

    # Donations to beneficiaries cannot be expressed before this revision: they go back to their donors
    # (each transfer and its two entries removed, the donor's balance restored), then the accounts go.
    op.execute("""
        UPDATE ledger_accounts SET balance = balance + COALESCE((
            SELECT SUM(t.amount) FROM ledger_transfers t JOIN ledger_accounts d ON d.id = t.destination_id
            WHERE d.owner_type = 'beneficiary' AND t.source_id = ledger_accounts.id), 0)
    """)
    op.execute("DELETE FROM ledger_entries WHERE transfer_id IN (SELECT t.id FROM ledger_transfers t "
               "JOIN ledger_accounts d ON d.id = t.destination_id WHERE d.owner_type = 'beneficiary')")
    op.execute("DELETE FROM ledger_transfers WHERE destination_id IN "
               "(SELECT id FROM ledger_accounts WHERE owner_type = 'beneficiary')")
    op.execute("DELETE FROM ledger_accounts WHERE owner_type = 'beneficiary'")
    with op.batch_alter_table('ledger_accounts', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_ledger_accounts_ownertype'), type_='check')
        batch_op.create_check_constraint('ownertype', f"owner_type IN ({_OWNERS})")
