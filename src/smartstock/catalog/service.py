"""Catalog rules: unique master SKUs, sets made of single products, channel SKU mappings."""

from __future__ import annotations

from sqlalchemy.orm import Session

from smartstock.catalog import schemas
from smartstock.catalog.repository import CatalogRepository
from smartstock.db.models import ChannelSku, Product, ProductKind, SetComponent, Supplier
from smartstock.kit import audit
from smartstock.kit.auth import Principal
from smartstock.kit.errors import BadRequest, Conflict
from smartstock.kit.pagination import Page, PageParams

PRODUCT_FIELDS = [
    "master_sku", "playauto_sku", "name", "category", "kind", "lead_time_days", "moq", "pack_size",
    "safety_stock", "manufacturer", "supplier_id", "unit_cost", "shelf_life_days", "is_active",
]
SUPPLIER_FIELDS = ["name", "contact_name", "phone", "email", "default_lead_time_days", "default_moq", "notes"]


def _repo(session: Session, principal: Principal) -> CatalogRepository:
    return CatalogRepository(session, principal.tenant_id)


def _audit(session: Session, principal: Principal, **kw) -> None:
    audit.record(session, tenant_id=principal.tenant_id, actor_id=principal.user_id, **kw)


def product_out(product: Product, on_hand: int) -> schemas.ProductOut:
    return schemas.ProductOut.model_validate(
        {
            **{f: getattr(product, f) for f in PRODUCT_FIELDS},
            "id": product.id,
            "supplier_name": product.supplier.name if product.supplier else None,
            "on_hand": on_hand,
            "components": [
                {"component_id": c.component_id, "master_sku": c.component.master_sku,
                 "name": c.component.name, "quantity": c.quantity}
                for c in product.components
            ],
            "channel_skus": product.channel_skus,
            "created_at": product.created_at,
            "updated_at": product.updated_at,
        }
    )


def _duplicate_sku(master_sku: str) -> Conflict:
    return Conflict(
        f"마스터 SKU '{master_sku}'이(가) 이미 있습니다.",
        f"Master SKU '{master_sku}' already exists.",
        code="duplicate_sku",
        master_sku=master_sku,
    )


# --- products -------------------------------------------------------------------------------

def list_products(session, principal, page: PageParams, **filters) -> Page[schemas.ProductOut]:
    repo = _repo(session, principal)
    rows, total = repo.product_page(**filters, offset=page.offset, limit=page.page_size)
    stock = repo.on_hand([p.id for p in rows])
    return Page(
        items=[product_out(p, stock.get(p.id, 0)) for p in rows],
        total=total, page=page.page, page_size=page.page_size,
    )


def get_product(session, principal, product_id: int) -> schemas.ProductOut:
    repo = _repo(session, principal)
    product = repo.product(product_id)
    return product_out(product, repo.on_hand([product.id]).get(product.id, 0))


def _check_supplier(repo: CatalogRepository, supplier_id: int | None) -> None:
    if supplier_id is not None:
        repo.supplier(supplier_id)  # 404 when it is not this tenant's


def create_product(session, principal, data: schemas.ProductCreate) -> schemas.ProductOut:
    repo = _repo(session, principal)
    if repo.sku_taken(data.master_sku):
        raise _duplicate_sku(data.master_sku)
    _check_supplier(repo, data.supplier_id)
    product = repo.add(Product(**data.model_dump()))
    session.flush()
    _audit(session, principal, action="create", entity_type="product", entity_id=product.id,
           summary=(f"상품 등록: {product.master_sku} {product.name}", f"Product created: {product.master_sku} {product.name}"),
           after=audit.snapshot(product, PRODUCT_FIELDS))
    return get_product(session, principal, product.id)


def update_product(session, principal, product_id: int, data: schemas.ProductUpdate) -> schemas.ProductOut:
    repo = _repo(session, principal)
    product = repo.product(product_id)
    changes = data.model_dump(exclude_unset=True)
    for required in ("master_sku", "name", "kind", "moq", "pack_size", "safety_stock", "is_active"):
        if required in changes and changes[required] is None:
            raise BadRequest(f"'{required}' 값은 비울 수 없습니다.", f"'{required}' cannot be empty.",
                             code="required_field")
    if "master_sku" in changes and repo.sku_taken(changes["master_sku"], exclude_id=product.id):
        raise _duplicate_sku(changes["master_sku"])
    if "supplier_id" in changes:
        _check_supplier(repo, changes["supplier_id"])
    new_kind = changes.get("kind", product.kind)
    if new_kind != product.kind:
        _check_kind_change(repo, product, new_kind)
    before = audit.snapshot(product, PRODUCT_FIELDS)
    for field, value in changes.items():
        setattr(product, field, value)
    session.flush()
    _audit(session, principal, action="update", entity_type="product", entity_id=product.id,
           summary=(f"상품 수정: {product.master_sku}", f"Product changed: {product.master_sku}"),
           before=before, after=audit.snapshot(product, PRODUCT_FIELDS))
    session.expire(product)
    return get_product(session, principal, product.id)


def _check_kind_change(repo: CatalogRepository, product: Product, new_kind: ProductKind) -> None:
    if new_kind == ProductKind.set:
        if repo.used_as_component(product.id):
            raise Conflict("다른 세트의 구성품은 세트로 바꿀 수 없습니다.",
                           "A component of another set cannot become a set.", code="component_cannot_be_set")
        if repo.has_movements(product.id):
            raise Conflict("재고 이력이 있는 단품은 세트로 바꿀 수 없습니다.",
                           "A single product with stock history cannot become a set.", code="has_stock_history")
    else:
        if repo.has_movements(product.id):  # its sales are in the ledger, but it never had a balance
            raise Conflict("재고 이력이 있는 세트는 단품으로 바꿀 수 없습니다.",
                           "A set with stock history cannot become a single product.", code="has_stock_history")
        product.components.clear()


def delete_product(session, principal, product_id: int) -> None:
    repo = _repo(session, principal)
    product = repo.product(product_id)
    sets = repo.used_as_component(product.id)
    if sets:
        raise Conflict(
            f"세트 {', '.join(sets)}의 구성품이라 삭제할 수 없습니다.",
            f"It is a component of the set(s) {', '.join(sets)} and cannot be deleted.",
            code="product_in_set",
        )
    if repo.has_movements(product.id):
        raise Conflict(
            "재고 이력이 있는 상품은 삭제할 수 없습니다. 대신 비활성화하세요.",
            "A product with stock history cannot be deleted; deactivate it instead.",
            code="has_stock_history",
        )
    orders = repo.purchase_orders_with(product.id)
    if orders:
        shown = ", ".join(orders[:5]) + (" …" if len(orders) > 5 else "")
        raise Conflict(
            f"발주서({shown})에 있는 상품은 삭제할 수 없습니다. 대신 비활성화하세요.",
            f"The product is on purchase orders ({shown}) and cannot be deleted; deactivate it instead.",
            code="on_purchase_orders", purchase_orders=orders,
        )
    before = audit.snapshot(product, PRODUCT_FIELDS)
    session.delete(product)
    session.flush()
    _audit(session, principal, action="delete", entity_type="product", entity_id=product_id,
           summary=(f"상품 삭제: {before['master_sku']}", f"Product deleted: {before['master_sku']}"), before=before)


def set_components(session, principal, product_id: int, items: list[schemas.ComponentIn]) -> schemas.ProductOut:
    repo = _repo(session, principal)
    product = repo.product(product_id)
    validate_components(repo, product, {i.component_id: i.quantity for i in items}, len(items))
    before = {"components": [[c.component_id, c.quantity] for c in product.components]}
    product.components.clear()
    session.flush()
    for item in items:
        product.components.append(
            SetComponent(tenant_id=principal.tenant_id, component_id=item.component_id, quantity=item.quantity)
        )
    session.flush()
    _audit(session, principal, action="update", entity_type="product", entity_id=product.id,
           summary=(f"세트 구성 변경: {product.master_sku}", f"Set components changed: {product.master_sku}"), before=before,
           after={"components": [[i.component_id, i.quantity] for i in items]})
    session.expire(product)
    return get_product(session, principal, product.id)


def validate_components(repo: CatalogRepository, product: Product, quantities: dict[int, int], given: int) -> None:
    """A set holds single products only (so it can neither contain itself nor another set)."""
    if product.kind != ProductKind.set:
        raise BadRequest("세트 상품에만 구성품을 지정할 수 있습니다.",
                         "Only a set can have components.", code="not_a_set")
    if product.id in quantities:
        raise BadRequest("세트는 자기 자신을 구성품으로 가질 수 없습니다.",
                         "A set cannot contain itself.", code="set_contains_itself")
    if len(quantities) != given:
        raise BadRequest("같은 구성품이 두 번 들어 있습니다.", "A component is listed twice.",
                         code="duplicate_component")
    found = repo.products_by_ids(list(quantities))
    missing = [i for i in quantities if i not in found]
    if missing:
        raise BadRequest(f"구성품을 찾을 수 없습니다: {missing}", f"Unknown component(s): {missing}",
                         code="unknown_component")
    nested = [p.master_sku for p in found.values() if p.kind == ProductKind.set]
    if nested:
        raise BadRequest(f"세트 안에 다른 세트를 넣을 수 없습니다: {', '.join(nested)}",
                         f"A set cannot contain another set: {', '.join(nested)}", code="nested_set")


def categories(session, principal) -> list[str]:
    return _repo(session, principal).categories()


# --- suppliers ------------------------------------------------------------------------------

def list_suppliers(session, principal):
    return _repo(session, principal).suppliers()


def get_supplier(session, principal, supplier_id: int) -> Supplier:
    return _repo(session, principal).supplier(supplier_id)


def _supplier_name_taken(name: str) -> Conflict:
    return Conflict(f"공급업체 '{name}'이(가) 이미 있습니다.", f"Supplier '{name}' already exists.",
                    code="duplicate_supplier")


def create_supplier(session, principal, data: schemas.SupplierIn) -> Supplier:
    repo = _repo(session, principal)
    if repo.supplier_by_name(data.name):
        raise _supplier_name_taken(data.name)
    supplier = repo.add(Supplier(**data.model_dump()))
    session.flush()
    _audit(session, principal, action="create", entity_type="supplier", entity_id=supplier.id,
           summary=(f"공급업체 등록: {supplier.name}", f"Supplier created: {supplier.name}"), after=audit.snapshot(supplier, SUPPLIER_FIELDS))
    return supplier


def update_supplier(session, principal, supplier_id: int, data: schemas.SupplierUpdate) -> Supplier:
    repo = _repo(session, principal)
    supplier = repo.supplier(supplier_id)
    changes = data.model_dump(exclude_unset=True)
    if changes.get("name") and changes["name"] != supplier.name and repo.supplier_by_name(changes["name"]):
        raise _supplier_name_taken(changes["name"])
    for required in ("name", "default_lead_time_days", "default_moq"):
        if required in changes and changes[required] is None:
            raise BadRequest(f"'{required}' 값은 비울 수 없습니다.", f"'{required}' cannot be empty.",
                             code="required_field")
    before = audit.snapshot(supplier, SUPPLIER_FIELDS)
    for field, value in changes.items():
        setattr(supplier, field, value)
    session.flush()
    _audit(session, principal, action="update", entity_type="supplier", entity_id=supplier.id,
           summary=(f"공급업체 수정: {supplier.name}", f"Supplier changed: {supplier.name}"), before=before,
           after=audit.snapshot(supplier, SUPPLIER_FIELDS))
    return supplier


def delete_supplier(session, principal, supplier_id: int) -> None:
    repo = _repo(session, principal)
    supplier = repo.supplier(supplier_id)
    if repo.supplier_in_use(supplier.id):
        raise Conflict("이 공급업체를 쓰는 상품이 있어 삭제할 수 없습니다.",
                       "Products still use this supplier; it cannot be deleted.", code="supplier_in_use")
    before = audit.snapshot(supplier, SUPPLIER_FIELDS)
    session.delete(supplier)
    session.flush()
    _audit(session, principal, action="delete", entity_type="supplier", entity_id=supplier_id,
           summary=(f"공급업체 삭제: {before['name']}", f"Supplier deleted: {before['name']}"), before=before)


# --- channel SKU mappings -------------------------------------------------------------------

def channel_sku_out(mapping: ChannelSku) -> schemas.ChannelSkuOut:
    return schemas.ChannelSkuOut(
        id=mapping.id, channel=mapping.channel, channel_sku=mapping.channel_sku,
        product_id=mapping.product_id, master_sku=mapping.product.master_sku,
    )


def list_channel_skus(session, principal, product_id: int | None) -> list[schemas.ChannelSkuOut]:
    return [channel_sku_out(m) for m in _repo(session, principal).channel_skus(product_id)]


def create_channel_sku(session, principal, data: schemas.ChannelSkuIn) -> schemas.ChannelSkuOut:
    repo = _repo(session, principal)
    product = repo.product(data.product_id, loaded=False)
    if repo.channel_sku_taken(data.channel, data.channel_sku):
        raise Conflict(
            f"{data.channel.value} 채널 SKU '{data.channel_sku}'은(는) 이미 연결되어 있습니다.",
            f"Channel SKU '{data.channel_sku}' on {data.channel.value} is already mapped.",
            code="duplicate_channel_sku",
        )
    mapping = repo.add(ChannelSku(channel=data.channel, channel_sku=data.channel_sku, product_id=product.id))
    session.flush()
    _audit(session, principal, action="create", entity_type="channel_sku", entity_id=mapping.id,
           summary=(f"채널 SKU 연결: {data.channel.value} {data.channel_sku} → {product.master_sku}",
                    f"Channel SKU mapped: {data.channel.value} {data.channel_sku} → {product.master_sku}"),
           after={"channel": data.channel.value, "channel_sku": data.channel_sku, "master_sku": product.master_sku})
    return channel_sku_out(repo.channel_sku(mapping.id))


def delete_channel_sku(session, principal, mapping_id: int) -> None:
    repo = _repo(session, principal)
    mapping = repo.channel_sku(mapping_id)
    before = {"channel": mapping.channel.value, "channel_sku": mapping.channel_sku,
              "master_sku": mapping.product.master_sku}
    session.delete(mapping)
    session.flush()
    _audit(session, principal, action="delete", entity_type="channel_sku", entity_id=mapping_id,
           summary=(f"채널 SKU 연결 해제: {before['channel']} {before['channel_sku']}",
                    f"Channel SKU unmapped: {before['channel']} {before['channel_sku']}"), before=before)
