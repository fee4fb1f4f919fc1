"""purchase order lifecycle: approval, sending, closing, cancelling, versions, AI proposals on
lines, expected arrival per line, and the record of line changes

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import smartstock.db.base

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
USER_FKS = ('approved_by_id', 'cancelled_by_id')


def upgrade() -> None:
    # SQLite rebuilds purchase_orders here: its lines survive because env.py runs the migrations
    # with foreign keys off (dropping the old table would otherwise cascade into them)
    with op.batch_alter_table('purchase_orders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('approved_by_id', ID, nullable=True))
        batch_op.add_column(sa.Column('approved_at', smartstock.db.base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('sent_at', smartstock.db.base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('closed_at', smartstock.db.base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('cancelled_by_id', ID, nullable=True))
        batch_op.add_column(sa.Column('cancelled_at', smartstock.db.base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('cancel_reason', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
        for column in USER_FKS:
            batch_op.create_foreign_key(batch_op.f(f'fk_purchase_orders_{column}_users'), 'users', [column], ['id'],
                                        ondelete='SET NULL')

    with op.batch_alter_table('purchase_order_lines', schema=None) as batch_op:
        batch_op.add_column(sa.Column('proposed_quantity', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('proposal', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('lead_time_days', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('expected_on', sa.Date(), nullable=True))
        batch_op.create_check_constraint(
            batch_op.f('ck_purchase_order_lines_received_within_quantity'),
            'received_quantity >= 0 AND received_quantity <= quantity',
        )

    op.create_table('purchase_order_line_changes',
    sa.Column('purchase_order_id', ID, nullable=False),
    sa.Column('line_id', ID, nullable=True),
    sa.Column('product_id', ID, nullable=False),
    sa.Column('kind', sa.Enum('added', 'changed', 'removed', name='purchaseorderlinechangekind', native_enum=False, length=24), nullable=False),
    sa.Column('old_quantity', sa.Integer(), nullable=True),
    sa.Column('new_quantity', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('changed_by_id', ID, nullable=True),
    sa.Column('changed_at', smartstock.db.base.UTCDateTime(), nullable=False),
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('tenant_id', ID, nullable=False),
    sa.ForeignKeyConstraint(['changed_by_id'], ['users.id'], name=op.f('fk_purchase_order_line_changes_changed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['line_id'], ['purchase_order_lines.id'], name=op.f('fk_purchase_order_line_changes_line_id_purchase_order_lines'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_purchase_order_line_changes_product_id_products'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['purchase_order_id'], ['purchase_orders.id'], name=op.f('fk_purchase_order_line_changes_purchase_order_id_purchase_orders'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_purchase_order_line_changes_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_purchase_order_line_changes'))
    )
    with op.batch_alter_table('purchase_order_line_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_purchase_order_line_changes_line_id'), ['line_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_purchase_order_line_changes_product_id'), ['product_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_purchase_order_line_changes_purchase_order_id'), ['purchase_order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_purchase_order_line_changes_tenant_id'), ['tenant_id'], unique=False)


def downgrade() -> None:
    # Dropping a table drops its indexes (MariaDB refuses to drop an index a foreign key uses).
    op.drop_table('purchase_order_line_changes')

    with op.batch_alter_table('purchase_order_lines', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_purchase_order_lines_received_within_quantity'), type_='check')
        batch_op.drop_column('expected_on')
        batch_op.drop_column('lead_time_days')
        batch_op.drop_column('proposal')
        batch_op.drop_column('proposed_quantity')

    with op.batch_alter_table('purchase_orders', schema=None) as batch_op:
        # a foreign key goes before its column (MariaDB keeps the key's index until then)
        for column in USER_FKS:
            batch_op.drop_constraint(batch_op.f(f'fk_purchase_orders_{column}_users'), type_='foreignkey')
        for column in ('version', 'cancel_reason', 'cancelled_at', 'cancelled_by_id', 'closed_at', 'sent_at',
                       'approved_at', 'approved_by_id'):
            batch_op.drop_column(column)
