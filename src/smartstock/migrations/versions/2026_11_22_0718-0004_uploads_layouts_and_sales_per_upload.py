"""uploads, layouts and sales per upload

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 07:18:56.361477
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import smartstock.db.base

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('upload_layouts',
    sa.Column('signature', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('mapping', sa.JSON(), nullable=False),
    sa.Column('channel', sa.String(length=24), nullable=True),
    sa.Column('updated_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('updated_at', smartstock.db.base.UTCDateTime(), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_upload_layouts_tenant_id_tenants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_upload_layouts_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_upload_layouts')),
    sa.UniqueConstraint('tenant_id', 'signature', name=op.f('uq_upload_layouts_tenant_id_signature'))
    )
    with op.batch_alter_table('upload_layouts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_upload_layouts_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('uploads',
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('size_bytes', sa.BigInteger(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('storage_name', sa.String(length=64), nullable=False),
    sa.Column('status', sa.Enum('analyzing', 'ready', 'failed', 'applying', 'applied', 'undoing', 'undone', name='uploadstatus', native_enum=False, length=24), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=True),
    sa.Column('channel', sa.String(length=24), nullable=True),
    sa.Column('layout_signature', sa.String(length=64), nullable=True),
    sa.Column('mapping', sa.JSON(), nullable=True),
    sa.Column('mapping_confirmed', sa.Boolean(), nullable=False),
    sa.Column('actions', sa.JSON(), nullable=True),
    sa.Column('report', sa.JSON(), nullable=True),
    sa.Column('error', sa.JSON(), nullable=True),
    sa.Column('result', sa.JSON(), nullable=True),
    sa.Column('applied_sha256', sa.String(length=64), nullable=True),
    sa.Column('job_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', smartstock.db.base.UTCDateTime(), nullable=False),
    sa.Column('applied_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('applied_at', smartstock.db.base.UTCDateTime(), nullable=True),
    sa.Column('undone_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('undone_at', smartstock.db.base.UTCDateTime(), nullable=True),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['applied_by_id'], ['users.id'], name=op.f('fk_uploads_applied_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_uploads_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['job_id'], ['jobs.id'], name=op.f('fk_uploads_job_id_jobs'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_uploads_tenant_id_tenants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['undone_by_id'], ['users.id'], name=op.f('fk_uploads_undone_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_uploads')),
    sa.UniqueConstraint('tenant_id', 'applied_sha256', name=op.f('uq_uploads_tenant_id_applied_sha256'))
    )
    with op.batch_alter_table('uploads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_uploads_sha256'), ['sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_uploads_tenant_id'), ['tenant_id'], unique=False)

    with op.batch_alter_table('daily_sales', schema=None) as batch_op:
        batch_op.add_column(sa.Column('upload_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True))
        # new indexes first: MariaDB refuses to drop an index a foreign key still relies on
        batch_op.create_index('ix_daily_sales_product_date', ['product_id', 'sale_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_daily_sales_upload_id'), ['upload_id'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_daily_sales_tenant_id_product_id_channel_sale_date_upload_id'), ['tenant_id', 'product_id', 'channel', 'sale_date', 'upload_id'])
        batch_op.drop_constraint(batch_op.f('uq_daily_sales_tenant_id_product_id_channel_sale_date'), type_='unique')
        batch_op.create_foreign_key(batch_op.f('fk_daily_sales_upload_id_uploads'), 'uploads', ['upload_id'], ['id'])

    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.add_column(sa.Column('created_by_upload_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_products_created_by_upload_id_uploads'), 'uploads', ['created_by_upload_id'], ['id'], ondelete='SET NULL')



def downgrade() -> None:
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_products_created_by_upload_id_uploads'), type_='foreignkey')
        batch_op.drop_column('created_by_upload_id')

    with op.batch_alter_table('daily_sales', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_daily_sales_upload_id_uploads'), type_='foreignkey')
        batch_op.create_unique_constraint(batch_op.f('uq_daily_sales_tenant_id_product_id_channel_sale_date'), ['tenant_id', 'product_id', 'channel', 'sale_date'])
        batch_op.drop_constraint(batch_op.f('uq_daily_sales_tenant_id_product_id_channel_sale_date_upload_id'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_daily_sales_upload_id'))
        # the products foreign key leans on this index on MariaDB: drop it, and re-create it after
        batch_op.drop_constraint(batch_op.f('fk_daily_sales_product_id_products'), type_='foreignkey')
        batch_op.drop_index('ix_daily_sales_product_date')
        batch_op.create_foreign_key(batch_op.f('fk_daily_sales_product_id_products'), 'products', ['product_id'], ['id'],
                                    ondelete='CASCADE')
        batch_op.drop_column('upload_id')

    with op.batch_alter_table('uploads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_uploads_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_uploads_sha256'))

    op.drop_table('uploads')
    with op.batch_alter_table('upload_layouts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_upload_layouts_tenant_id'))

    op.drop_table('upload_layouts')
