"""activities carry a type (活动类型) beside their category (活动类别); catalogue kind activity_type

Revision ID: d7e2a5c1f0b3
Revises: c3f1a7d2e9b4
Create Date: 2026-12-08 00:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd7e2a5c1f0b3'
down_revision = 'e5b2c8d14f70'
branch_labels = None
depends_on = None

KINDS = ['service_item', 'service_type', 'beneficiary_category', 'political_status', 'self_care_level',
         'living_status', 'activity_category']
# app.catalogue.services.ACTIVITY_TYPES, as they were when this migration was written.
TYPES = ['日常服务', '专项活动', '节日活动', '线上活动']


def _kind_check(kinds):
    # The naming convention turns "cataloguekind" into ck_catalogue_entries_cataloguekind.
    listed = ", ".join(f"'{kind}'" for kind in kinds)
    op.drop_constraint('cataloguekind', 'catalogue_entries', type_='check')
    op.create_check_constraint('cataloguekind', 'catalogue_entries', f"kind IN ({listed})")


def upgrade():
    _kind_check(KINDS + ['activity_type'])
    for index, name in enumerate(TYPES, start=1):
        op.execute(sa.text("INSERT INTO catalogue_entries (kind, code, name, sort_order, is_active) "
                           "VALUES ('activity_type', :code, :name, :sort, true) "
                           "ON CONFLICT (kind, code) DO NOTHING")
                   .bindparams(code=f"{index:02d}", name=name, sort=index))
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('type_id', sa.Integer(), nullable=True))
    # Every earlier activity was an everyday one (日常服务): the only kind the old form could express.
    op.execute("UPDATE activities SET type_id = (SELECT id FROM catalogue_entries "
               "WHERE kind = 'activity_type' AND code = '01')")
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.alter_column('type_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(batch_op.f('ix_activities_type_id'), ['type_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_activities_type_id_catalogue_entries'), 'catalogue_entries',
                                    ['type_id'], ['id'])


def downgrade():
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_activities_type_id_catalogue_entries'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_activities_type_id'))
        batch_op.drop_column('type_id')
    op.execute("DELETE FROM catalogue_entries WHERE kind = 'activity_type'")
    _kind_check(KINDS)
