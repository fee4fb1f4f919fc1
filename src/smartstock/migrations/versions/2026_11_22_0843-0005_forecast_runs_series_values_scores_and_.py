"""forecast runs, series, values, scores and overrides

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 08:43:07.584033
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import smartstock.db.base

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('forecast_runs',
    sa.Column('status', sa.Enum('queued', 'running', 'succeeded', 'failed', name='runstatus', native_enum=False, length=24), nullable=False),
    sa.Column('trigger', sa.Enum('manual', 'upload', 'nightly', 'degradation', name='runtrigger', native_enum=False, length=24), nullable=False),
    sa.Column('horizon', sa.Integer(), nullable=False),
    sa.Column('params', sa.JSON(), nullable=True),
    sa.Column('metrics', sa.JSON(), nullable=True),
    sa.Column('live_metrics', sa.JSON(), nullable=True),
    sa.Column('model_counts', sa.JSON(), nullable=True),
    sa.Column('timings', sa.JSON(), nullable=True),
    sa.Column('upload_ids', sa.JSON(), nullable=True),
    sa.Column('history_start', sa.Date(), nullable=True),
    sa.Column('history_end', sa.Date(), nullable=True),
    sa.Column('products', sa.Integer(), nullable=False),
    sa.Column('model_version', sa.String(length=40), nullable=True),
    sa.Column('mlflow_run_id', sa.String(length=64), nullable=True),
    sa.Column('error', sa.JSON(), nullable=True),
    sa.Column('job_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', smartstock.db.base.UTCDateTime(), nullable=False),
    sa.Column('finished_at', smartstock.db.base.UTCDateTime(), nullable=True),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_forecast_runs_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['job_id'], ['jobs.id'], name=op.f('fk_forecast_runs_job_id_jobs'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_forecast_runs_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_forecast_runs'))
    )
    with op.batch_alter_table('forecast_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_forecast_runs_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('forecast_overrides',
    sa.Column('product_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('run_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('quantity', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('ai_quantity', sa.Float(), nullable=True),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('created_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', smartstock.db.base.UTCDateTime(), nullable=False),
    sa.Column('withdrawn_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('withdrawn_at', smartstock.db.base.UTCDateTime(), nullable=True),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_forecast_overrides_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_forecast_overrides_product_id_products'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['run_id'], ['forecast_runs.id'], name=op.f('fk_forecast_overrides_run_id_forecast_runs'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_forecast_overrides_tenant_id_tenants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['withdrawn_by_id'], ['users.id'], name=op.f('fk_forecast_overrides_withdrawn_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_forecast_overrides'))
    )
    with op.batch_alter_table('forecast_overrides', schema=None) as batch_op:
        batch_op.create_index('ix_forecast_overrides_product', ['product_id', 'start_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_forecast_overrides_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('forecast_series',
    sa.Column('run_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('level', sa.Enum('product', 'category', name='serieslevel', native_enum=False, length=24), nullable=False),
    sa.Column('product_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('category', sa.String(length=100), nullable=True),
    sa.Column('pattern', sa.String(length=16), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('model', sa.String(length=32), nullable=False),
    sa.Column('reason', sa.JSON(), nullable=False),
    sa.Column('history_days', sa.Integer(), nullable=False),
    sa.Column('residuals', sa.JSON(), nullable=True),
    sa.Column('totals', sa.JSON(), nullable=True),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_forecast_series_product_id_products'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['run_id'], ['forecast_runs.id'], name=op.f('fk_forecast_series_run_id_forecast_runs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_forecast_series_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_forecast_series')),
    sa.UniqueConstraint('run_id', 'category', name=op.f('uq_forecast_series_run_id_category')),
    sa.UniqueConstraint('run_id', 'product_id', name=op.f('uq_forecast_series_run_id_product_id'))
    )
    with op.batch_alter_table('forecast_series', schema=None) as batch_op:
        batch_op.create_index('ix_forecast_series_product_run', ['product_id', 'run_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_forecast_series_run_id'), ['run_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_forecast_series_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('forecast_scores',
    sa.Column('series_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('source', sa.Enum('backtest', 'live', 'override', name='scoresource', native_enum=False, length=24), nullable=False),
    sa.Column('model', sa.String(length=32), nullable=False),
    sa.Column('selected', sa.Boolean(), nullable=False),
    sa.Column('days', sa.Integer(), nullable=False),
    sa.Column('actual', sa.Float(), nullable=True),
    sa.Column('forecast', sa.Float(), nullable=True),
    sa.Column('wape', sa.Float(), nullable=True),
    sa.Column('smape', sa.Float(), nullable=True),
    sa.Column('mae', sa.Float(), nullable=True),
    sa.Column('rmse', sa.Float(), nullable=True),
    sa.Column('mase', sa.Float(), nullable=True),
    sa.Column('bias', sa.Float(), nullable=True),
    sa.Column('coverage', sa.Float(), nullable=True),
    sa.Column('updated_at', smartstock.db.base.UTCDateTime(), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['series_id'], ['forecast_series.id'], name=op.f('fk_forecast_scores_series_id_forecast_series'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_forecast_scores_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_forecast_scores')),
    sa.UniqueConstraint('series_id', 'source', 'model', name=op.f('uq_forecast_scores_series_id_source_model'))
    )
    with op.batch_alter_table('forecast_scores', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_forecast_scores_series_id'), ['series_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_forecast_scores_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('forecast_values',
    sa.Column('series_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('mean', sa.Float(), nullable=False),
    sa.Column('p10', sa.Float(), nullable=False),
    sa.Column('p50', sa.Float(), nullable=False),
    sa.Column('p90', sa.Float(), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['series_id'], ['forecast_series.id'], name=op.f('fk_forecast_values_series_id_forecast_series'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_forecast_values_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_forecast_values')),
    sa.UniqueConstraint('series_id', 'day', name=op.f('uq_forecast_values_series_id_day'))
    )
    with op.batch_alter_table('forecast_values', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_forecast_values_tenant_id'), ['tenant_id'], unique=False)

    with op.batch_alter_table('tenants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('forecast_nightly', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('retrain_margin', sa.Float(), server_default='0.25', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('tenants', schema=None) as batch_op:
        batch_op.drop_column('retrain_margin')
        batch_op.drop_column('forecast_nightly')

    # Dropping a table drops its indexes (MariaDB refuses to drop an index a foreign key uses).
    op.drop_table('forecast_values')
    op.drop_table('forecast_scores')
    op.drop_table('forecast_series')
    op.drop_table('forecast_overrides')
    op.drop_table('forecast_runs')
