"""stock lot draws

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 06:41:58.461415
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('stock_lot_draws',
    sa.Column('movement_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('lot_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_stock_lot_draws_quantity_positive')),
    sa.ForeignKeyConstraint(['lot_id'], ['stock_lots.id'], name=op.f('fk_stock_lot_draws_lot_id_stock_lots'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['movement_id'], ['stock_movements.id'], name=op.f('fk_stock_lot_draws_movement_id_stock_movements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_stock_lot_draws_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stock_lot_draws'))
    )
    with op.batch_alter_table('stock_lot_draws', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stock_lot_draws_lot_id'), ['lot_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stock_lot_draws_movement_id'), ['movement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stock_lot_draws_tenant_id'), ['tenant_id'], unique=False)


def downgrade() -> None:
    # dropping the table drops its indexes (MariaDB refuses to drop an index a foreign key needs)
    op.drop_table('stock_lot_draws')
