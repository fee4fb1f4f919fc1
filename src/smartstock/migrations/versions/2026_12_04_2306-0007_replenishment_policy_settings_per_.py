"""replenishment policy settings per tenant, category and product

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 23:06:15.145609
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from sqlalchemy.dialects import mysql

import smartstock.db.base

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('replenishment_policies',
    sa.Column('scope', sa.Enum('tenant', 'category', 'product', name='policyscope', native_enum=False, length=24), nullable=False),
    sa.Column('scope_key', sa.String(length=120).with_variant(mysql.VARCHAR(collation='utf8mb4_bin', length=120), 'mariadb').with_variant(mysql.VARCHAR(collation='utf8mb4_bin', length=120), 'mysql'), nullable=False),
    sa.Column('category', sa.String(length=100), nullable=True),
    sa.Column('product_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('safety_stock_method', sa.String(length=32), nullable=True),
    sa.Column('service_measure', sa.String(length=16), nullable=True),
    sa.Column('service_level', sa.Float(), nullable=True),
    sa.Column('service_level_a', sa.Float(), nullable=True),
    sa.Column('service_level_b', sa.Float(), nullable=True),
    sa.Column('service_level_c', sa.Float(), nullable=True),
    sa.Column('order_rule', sa.String(length=16), nullable=True),
    sa.Column('review_period_days', sa.Integer(), nullable=True),
    sa.Column('holding_rate', sa.Float(), nullable=True),
    sa.Column('ordering_cost', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('updated_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', smartstock.db.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', smartstock.db.base.UTCDateTime(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_replenishment_policies_product_id_products'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_replenishment_policies_tenant_id_tenants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_replenishment_policies_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_replenishment_policies')),
    sa.UniqueConstraint('tenant_id', 'scope_key', name=op.f('uq_replenishment_policies_tenant_id_scope_key'))
    )
    with op.batch_alter_table('replenishment_policies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_replenishment_policies_product_id'), ['product_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_replenishment_policies_tenant_id'), ['tenant_id'], unique=False)


def downgrade() -> None:
    # Dropping a table drops its indexes (MariaDB refuses to drop an index a foreign key uses).
    op.drop_table('replenishment_policies')
