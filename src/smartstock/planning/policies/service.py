"""Replenishment policy settings: the tenant's defaults and overrides per category or product, and
the resolution used by the recommendations (product → category → tenant → built-in default; the
service level of an ABC class applies unless a product or category sets a level of its own)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from smartstock.db.models import PolicyScope, Product, ReplenishmentPolicy
from smartstock.kit import audit
from smartstock.kit.auth import Principal
from smartstock.kit.errors import BadRequest, Conflict
from smartstock.planning.core.policy import OrderRule, SafetyStockMethod, ServiceMeasure
from smartstock.planning.policies import schemas
from smartstock.planning.policies.repository import TENANT_KEY, PolicyRepository, scope_key

FIELDS = list(schemas.PolicyFieldsIn.model_fields)
ABC_LEVEL = {"A": "service_level_a", "B": "service_level_b", "C": "service_level_c"}
# Seed 1's statistical rule at a 95 % cycle service level, reviewed weekly: what a seller expects
# to read ("SS = 1.65 × σ × √L") before choosing anything else.
DEFAULTS: dict[str, Any] = {
    "safety_stock_method": SafetyStockMethod.statistical, "service_measure": ServiceMeasure.cycle,
    "service_level": 0.95, "service_level_a": None, "service_level_b": None, "service_level_c": None,
    "order_rule": OrderRule.seed, "review_period_days": 7, "holding_rate": 0.25, "ordering_cost": None,
}
SCOPE_LABEL = {PolicyScope.tenant: ("기본", "default"), PolicyScope.category: ("카테고리", "category"),
               PolicyScope.product: ("상품", "product")}


@dataclass(frozen=True)
class ResolvedPolicy:
    safety_stock_method: str
    service_measure: str
    service_level: float
    service_level_source: str  # "product", "category", "abc:A", "tenant" or "default"
    order_rule: str
    review_period_days: int
    holding_rate: float
    ordering_cost: Decimal | None


def _values(row: ReplenishmentPolicy | None) -> dict[str, Any]:
    return {f: getattr(row, f) for f in FIELDS} if row is not None else {}


def resolve(layers: Sequence[Mapping[str, Any]], abc_class: str | None) -> ResolvedPolicy:
    """Pure resolution. `layers`: field values from the most specific (product) to the least
    (tenant), each `{field: value or None}`, labelled by a `"_source"` entry."""
    def first(field: str) -> tuple[Any, str]:
        for layer in layers:
            if layer.get(field) is not None:
                return layer[field], layer["_source"]
        return DEFAULTS[field], "default"

    level, source = first("service_level")
    if abc_class in ABC_LEVEL and source not in ("product", "category"):
        by_class, _ = first(ABC_LEVEL[abc_class])
        if by_class is not None:
            level, source = by_class, f"abc:{abc_class}"
    return ResolvedPolicy(
        safety_stock_method=str(first("safety_stock_method")[0]), service_measure=str(first("service_measure")[0]),
        service_level=float(level), service_level_source=source, order_rule=str(first("order_rule")[0]),
        review_period_days=int(first("review_period_days")[0]), holding_rate=float(first("holding_rate")[0]),
        ordering_cost=first("ordering_cost")[0],
    )


def policies_for(session: Session, tenant_id: int, products: Sequence[Product],
                 abc: Mapping[int, str | None]) -> dict[int, ResolvedPolicy]:
    """The policy in force for each product (by id)."""
    rows = {r.scope_key: r for r in PolicyRepository(session, tenant_id).all()}
    tenant = {**_values(rows.get(TENANT_KEY)), "_source": "tenant"}
    out = {}
    for p in products:
        layers = [
            {**_values(rows.get(scope_key(PolicyScope.product, product_id=p.id))), "_source": "product"},
            {**_values(rows.get(scope_key(PolicyScope.category, category=p.category))), "_source": "category"}
            if p.category else {"_source": "category"},
            tenant,
        ]
        out[p.id] = resolve(layers, abc.get(p.id))
    return out


# ---------------------------------------------------------------- API


def _defaults_out(row: ReplenishmentPolicy | None) -> schemas.PolicyValues:
    values = _values(row)
    return schemas.PolicyValues(**{f: values.get(f) if values.get(f) is not None else DEFAULTS[f] for f in FIELDS})


def _override_out(row: ReplenishmentPolicy) -> schemas.PolicyOverrideOut:
    product = row.product
    return schemas.PolicyOverrideOut(
        id=row.id, scope=row.scope, category=row.category, product_id=row.product_id,
        master_sku=product.master_sku if product else None, product_name=product.name if product else None,
        updated_at=row.updated_at, **_values(row))


def get_settings(session: Session, principal: Principal) -> schemas.PolicySettingsOut:
    rows = PolicyRepository(session, principal.tenant_id).all()
    tenant = next((r for r in rows if r.scope == PolicyScope.tenant), None)
    overrides = sorted((r for r in rows if r.scope != PolicyScope.tenant),
                       key=lambda r: (r.scope != PolicyScope.category, r.category or "",
                                      r.product.master_sku if r.product else ""))
    return schemas.PolicySettingsOut(defaults=_defaults_out(tenant), overrides=[_override_out(r) for r in overrides])


def _check_consistent(values: Mapping[str, Any]) -> None:
    if values.get("order_rule") == OrderRule.eoq and values.get("holding_rate") == 0:
        raise BadRequest("EOQ에는 0보다 큰 보관비율이 필요합니다.", "EOQ needs a holding rate above 0.",
                         code="eoq_needs_holding_rate")


def _save(session: Session, principal: Principal, key: str, scope: PolicyScope, changes: Mapping[str, Any],
          **target: Any) -> ReplenishmentPolicy:
    """Insert or update one scope's row. Two first saves at once: the loser's INSERT hits the
    unique key, and it is told to reload rather than silently overwriting."""
    repo = PolicyRepository(session, principal.tenant_id)
    row = repo.by_key(key)
    before = audit.snapshot(row, FIELDS) if row is not None else None
    if row is None:
        row = ReplenishmentPolicy(scope=scope, scope_key=key, **target)
        try:
            with session.begin_nested():
                repo.add(row)
                for field, value in changes.items():
                    setattr(row, field, value)
                row.updated_by_id = principal.user_id
                session.flush()
        except IntegrityError as exc:
            raise Conflict("다른 사용자가 방금 이 정책을 저장했습니다. 새로고침 후 다시 시도하세요.",
                           "Someone else has just saved this policy. Reload and try again.",
                           code="policy_changed") from exc
    else:
        for field, value in changes.items():
            setattr(row, field, value)
        row.updated_by_id = principal.user_id
        session.flush()
    what = SCOPE_LABEL[scope]
    name = target.get("category") or (f"#{target['product_id']}" if target.get("product_id") else "")
    audit.record(session, tenant_id=principal.tenant_id, actor_id=principal.user_id, action="policy.update",
                 entity_type="replenishment_policy", entity_id=row.id,
                 summary=(f"발주 정책 변경 ({what[0]} {name})".strip(), f"Replenishment policy changed ({what[1]} {name})".strip()),
                 before=before, after=audit.snapshot(row, FIELDS))
    return row


def update_defaults(session: Session, principal: Principal, data: schemas.PolicyFieldsIn) -> schemas.PolicySettingsOut:
    changes = data.model_dump(exclude_unset=True)
    current = _defaults_out(PolicyRepository(session, principal.tenant_id).by_key(TENANT_KEY)).model_dump()
    _check_consistent({**current, **{k: v for k, v in changes.items() if v is not None}})
    _save(session, principal, TENANT_KEY, PolicyScope.tenant, changes)
    return get_settings(session, principal)


def upsert_override(session: Session, principal: Principal, data: schemas.PolicyOverrideIn) -> schemas.PolicyOverrideOut:
    repo = PolicyRepository(session, principal.tenant_id)
    changes = data.model_dump(exclude_unset=True, exclude={"scope", "category", "product_id"})
    _check_consistent(changes)
    if data.scope == "product":
        product = repo.product(data.product_id)  # 404 for another tenant's product
        key, target = scope_key(PolicyScope.product, product_id=product.id), {"product_id": product.id}
    else:
        if not repo.category_exists(data.category):
            raise BadRequest(f"'{data.category}' 카테고리의 상품이 없습니다.",
                             f"No product is in the category '{data.category}'.", code="unknown_category")
        key, target = scope_key(PolicyScope.category, category=data.category), {"category": data.category}
    row = _save(session, principal, key, PolicyScope(data.scope), changes, **target)
    return _override_out(repo.by_key(row.scope_key))


def delete_override(session: Session, principal: Principal, override_id: int) -> None:
    repo = PolicyRepository(session, principal.tenant_id)
    row = repo.get_or_404(ReplenishmentPolicy, override_id, ("정책", "Policy override"))
    if row.scope == PolicyScope.tenant:
        raise BadRequest("기본 정책은 삭제할 수 없습니다. 값을 바꾸세요.",
                         "The default policy cannot be deleted; change its values instead.", code="default_policy")
    audit.record(session, tenant_id=principal.tenant_id, actor_id=principal.user_id, action="policy.delete",
                 entity_type="replenishment_policy", entity_id=row.id,
                 summary=("발주 정책 예외 삭제", "Replenishment policy override removed"),
                 before=audit.snapshot(row, FIELDS), after=None)
    session.delete(row)
    session.flush()
