"""All ORM models, importable from one place (Alembic's autogenerate reads Base.metadata)."""

from smartstock.db.models.audit import AuditEvent
from smartstock.db.models.catalog import ChannelSku, Product, SetComponent, Supplier
from smartstock.db.models.enums import (
    Channel,
    JobStatus,
    Language,
    MovementReason,
    MovementSource,
    PolicyScope,
    ProductKind,
    PurchaseOrderLineChangeKind,
    PurchaseOrderStatus,
    Role,
)
from smartstock.db.models.forecasting import (
    ForecastOverride,
    ForecastRun,
    ForecastScore,
    ForecastSeries,
    ForecastValue,
    RunStatus,
    RunTrigger,
    ScoreSource,
    SeriesLevel,
)
from smartstock.db.models.ingest import Upload, UploadLayout, UploadStatus
from smartstock.db.models.jobs import Job
from smartstock.db.models.planning import ReplenishmentPolicy
from smartstock.db.models.purchasing import (
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderLineChange,
)
from smartstock.db.models.sales import DailySales
from smartstock.db.models.stock import (
    StockBalance,
    StockLot,
    StockLotDraw,
    StockMovement,
)
from smartstock.db.models.tenancy import LoginThrottle, Tenant, User, UserSession

__all__ = [
    "AuditEvent",
    "Channel",
    "ChannelSku",
    "DailySales",
    "ForecastOverride",
    "ForecastRun",
    "ForecastScore",
    "ForecastSeries",
    "ForecastValue",
    "Job",
    "JobStatus",
    "Language",
    "LoginThrottle",
    "MovementReason",
    "MovementSource",
    "PolicyScope",
    "Product",
    "ProductKind",
    "PurchaseOrder",
    "PurchaseOrderLine",
    "PurchaseOrderLineChange",
    "PurchaseOrderLineChangeKind",
    "PurchaseOrderStatus",
    "ReplenishmentPolicy",
    "Role",
    "RunStatus",
    "RunTrigger",
    "ScoreSource",
    "SeriesLevel",
    "SetComponent",
    "StockBalance",
    "StockLot",
    "StockLotDraw",
    "StockMovement",
    "Supplier",
    "Tenant",
    "Upload",
    "UploadLayout",
    "UploadStatus",
    "User",
    "UserSession",
]
