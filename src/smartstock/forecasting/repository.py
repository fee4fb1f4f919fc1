"""Every forecasting query, scoped to one tenant."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy import select

from smartstock.db.models import (
    DailySales,
    ForecastOverride,
    ForecastRun,
    ForecastScore,
    ForecastSeries,
    ForecastValue,
    Product,
    RunStatus,
    ScoreSource,
    SeriesLevel,
    User,
)
from smartstock.kit.tenancy import TenantRepository

ACTIVE = (RunStatus.queued, RunStatus.running)


class ForecastRepository(TenantRepository):
    # ---------------------------------------------------------------- runs

    def active_run(self) -> ForecastRun | None:
        return self.session.scalars(
            self.scoped(ForecastRun).where(ForecastRun.status.in_(ACTIVE)).order_by(ForecastRun.id.desc())
        ).first()

    def latest_run(self) -> ForecastRun | None:
        """The newest succeeded run: the forecast everything downstream uses."""
        return self.session.scalars(
            self.scoped(ForecastRun).where(ForecastRun.status == RunStatus.succeeded).order_by(ForecastRun.id.desc())
        ).first()

    def runs(self, limit: int, offset: int) -> tuple[list[ForecastRun], int]:
        stmt = self.scoped(ForecastRun)
        rows = self.session.scalars(stmt.order_by(ForecastRun.id.desc()).limit(limit).offset(offset)).all()
        return list(rows), self.count(stmt)

    def succeeded_runs(self, limit: int = 50) -> list[ForecastRun]:
        stmt = self.scoped(ForecastRun).where(ForecastRun.status == RunStatus.succeeded)
        return list(self.session.scalars(stmt.order_by(ForecastRun.id.desc()).limit(limit)).all())

    def runs_with_values(self, after: dt.date) -> list[ForecastRun]:
        """Succeeded runs whose forecasts start on or before `after` and whose values are kept."""
        kept = select(ForecastSeries.run_id).join(ForecastValue, ForecastValue.series_id == ForecastSeries.id)
        return list(
            self.session.scalars(
                self.scoped(ForecastRun).where(
                    ForecastRun.status == RunStatus.succeeded,
                    ForecastRun.history_end < after,
                    ForecastRun.id.in_(kept.where(ForecastSeries.tenant_id == self.tenant_id).distinct()),
                )
            ).all()
        )

    def user_names(self, ids: Iterable[int | None]) -> dict[int, str]:
        wanted = {i for i in ids if i is not None}
        if not wanted:
            return {}
        rows = self.session.execute(select(User.id, User.name, User.email).where(User.id.in_(wanted))).all()
        return {r.id: r.name or r.email for r in rows}

    # ---------------------------------------------------------------- lineage and inputs

    def applied_upload_ids(self) -> list[int]:
        stmt = (
            select(DailySales.upload_id)
            .where(DailySales.tenant_id == self.tenant_id, DailySales.upload_id.is_not(None))
            .distinct()
        )
        return sorted(int(i) for i in self.session.scalars(stmt).all())

    def has_sales(self) -> bool:
        stmt = select(DailySales.id).where(DailySales.tenant_id == self.tenant_id).limit(1)
        return self.session.scalar(stmt) is not None

    def products(self, ids: Sequence[int] | None = None) -> list[Product]:
        stmt = self.scoped(Product)
        if ids is not None:
            stmt = stmt.where(Product.id.in_(ids))
        return list(self.session.scalars(stmt).all())

    # ---------------------------------------------------------------- series, values, scores

    def add_series(self, rows: list[dict[str, Any]]) -> list[ForecastSeries]:
        objects = [self.add(ForecastSeries(**row)) for row in rows]
        self.session.flush()
        return objects

    def insert(self, model: type, rows: list[dict[str, Any]], batch: int = 5000) -> None:
        """Bulk insert through the table (executemany), far faster than ORM objects."""
        for start in range(0, len(rows), batch):
            chunk = [{**r, "tenant_id": self.tenant_id} for r in rows[start : start + batch]]
            self.session.execute(sa.insert(model.__table__), chunk)

    def series(
        self,
        run_id: int,
        level: SeriesLevel,
        *,
        product_id: int | None = None,
        category: str | None = None,
    ) -> list[tuple[ForecastSeries, Product | None]]:
        stmt = (
            select(ForecastSeries, Product)
            .outerjoin(Product, Product.id == ForecastSeries.product_id)
            .where(ForecastSeries.tenant_id == self.tenant_id, ForecastSeries.run_id == run_id,
                   ForecastSeries.level == level)
        )
        if product_id is not None:
            stmt = stmt.where(ForecastSeries.product_id == product_id)
        if category is not None:
            stmt = stmt.where(ForecastSeries.category == category)
        return [(s, p) for s, p in self.session.execute(stmt).all()]

    def series_page(
        self,
        run_id: int,
        level: SeriesLevel,
        *,
        q: str | None,
        pattern: str | None,
        model: str | None,
        category: str | None,
        limit: int,
        offset: int,
        uncategorised: bool = False,
    ) -> tuple[list[tuple[ForecastSeries, Product | None]], int]:
        stmt = (
            select(ForecastSeries, Product)
            .outerjoin(Product, Product.id == ForecastSeries.product_id)
            .where(ForecastSeries.tenant_id == self.tenant_id, ForecastSeries.run_id == run_id,
                   ForecastSeries.level == level)
        )
        if q:
            like = f"%{q.strip()}%"
            stmt = stmt.where(sa.or_(Product.master_sku.ilike(like), Product.name.ilike(like),
                                     ForecastSeries.category.ilike(like)))
        if pattern:
            stmt = stmt.where(ForecastSeries.pattern == pattern)
        if model:
            stmt = stmt.where(ForecastSeries.model == model)
        if uncategorised:
            stmt = stmt.where(Product.category.is_(None))
        elif category:
            stmt = stmt.where(Product.category == category)
        order = (Product.master_sku, ForecastSeries.id) if level == SeriesLevel.product else (ForecastSeries.category,)
        total = self.session.scalar(select(sa.func.count()).select_from(stmt.order_by(None).subquery())) or 0
        rows = self.session.execute(stmt.order_by(*order).limit(limit).offset(offset)).all()
        return [(s, p) for s, p in rows], total

    def values(self, series_ids: Sequence[int], start: dt.date | None = None, end: dt.date | None = None) -> list[ForecastValue]:
        if not series_ids:
            return []
        stmt = select(ForecastValue).where(ForecastValue.tenant_id == self.tenant_id,
                                           ForecastValue.series_id.in_(series_ids))
        if start:
            stmt = stmt.where(ForecastValue.day >= start)
        if end:
            stmt = stmt.where(ForecastValue.day <= end)
        return list(self.session.scalars(stmt.order_by(ForecastValue.series_id, ForecastValue.day)).all())

    def value_rows(self, series_ids: Sequence[int]) -> list[tuple]:
        """(series_id, day, mean, p10, p50, p90) rows without building ORM objects (planning reads
        500 products × 90 days at once)."""
        if not series_ids:
            return []
        stmt = select(ForecastValue.series_id, ForecastValue.day, ForecastValue.mean, ForecastValue.p10,
                      ForecastValue.p50, ForecastValue.p90).where(
            ForecastValue.tenant_id == self.tenant_id, ForecastValue.series_id.in_(series_ids))
        return list(self.session.execute(stmt.order_by(ForecastValue.series_id, ForecastValue.day)).tuples())

    def scores(self, series_ids: Sequence[int], source: ScoreSource | None = None) -> list[ForecastScore]:
        if not series_ids:
            return []
        stmt = select(ForecastScore).where(ForecastScore.tenant_id == self.tenant_id,
                                           ForecastScore.series_id.in_(series_ids))
        if source:
            stmt = stmt.where(ForecastScore.source == source)
        return list(self.session.scalars(stmt.order_by(ForecastScore.series_id, ForecastScore.model)).all())

    def replace_scores(self, series_ids: Sequence[int], source: ScoreSource, rows: list[dict[str, Any]]) -> None:
        if series_ids:
            self.session.execute(
                sa.delete(ForecastScore).where(ForecastScore.tenant_id == self.tenant_id,
                                               ForecastScore.series_id.in_(series_ids),
                                               ForecastScore.source == source)
            )
        self.insert(ForecastScore, rows)

    def drop_old_values(self, keep_runs: int) -> int:
        """Deletes the daily values of all but the newest `keep_runs` succeeded runs (their
        series, scores and totals stay for the accuracy history)."""
        keep = select(ForecastRun.id).where(ForecastRun.tenant_id == self.tenant_id,
                                            ForecastRun.status == RunStatus.succeeded)
        keep_ids = list(self.session.scalars(keep.order_by(ForecastRun.id.desc()).limit(keep_runs)).all())
        old_series = select(ForecastSeries.id).where(ForecastSeries.tenant_id == self.tenant_id,
                                                     ForecastSeries.run_id.not_in(keep_ids or [-1]))
        result = self.session.execute(
            sa.delete(ForecastValue).where(ForecastValue.tenant_id == self.tenant_id,
                                           ForecastValue.series_id.in_(old_series))
        )
        return result.rowcount or 0

    # ---------------------------------------------------------------- overrides

    def overrides(self, product_ids: Sequence[int] | None = None, active_only: bool = False) -> list[ForecastOverride]:
        stmt = self.scoped(ForecastOverride)
        if product_ids is not None:
            stmt = stmt.where(ForecastOverride.product_id.in_(product_ids))
        if active_only:
            stmt = stmt.where(ForecastOverride.withdrawn_at.is_(None))
        return list(self.session.scalars(stmt.order_by(ForecastOverride.id)).all())
