"""Product master as an Excel workbook: export, and import with per-row errors.

Import is all-or-nothing: when any row has an error nothing is applied and every error is
reported with its row number, so the user can fix the sheet and upload it again.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException
from pydantic import ValidationError
from sqlalchemy.orm import Session

from smartstock.catalog import schemas, service
from smartstock.catalog.repository import CatalogRepository
from smartstock.db.base import utcnow
from smartstock.db.models import Product, ProductKind, SetComponent, Supplier, Tenant
from smartstock.kit import audit
from smartstock.kit.markers import MARKER_SHEET, marker_rows, read_marker, verify_marker
from smartstock.kit.auth import Principal
from smartstock.kit.errors import BadRequest

SHEET_TITLE = "상품마스터"
KIND_LABELS = {ProductKind.single: "단품", ProductKind.set: "세트"}
KIND_BY_LABEL = {"단품": ProductKind.single, "세트": ProductKind.set, "single": ProductKind.single,
                 "set": ProductKind.set}

# (field, Korean header used on export, other accepted headers)
COLUMNS: list[tuple[str, str, tuple[str, ...]]] = [
    ("master_sku", "마스터 SKU", ("master sku", "master_sku", "마스터sku")),
    ("playauto_sku", "플레이오토 SKU", ("playauto sku", "playauto_sku")),
    ("name", "상품명", ("name", "product name")),
    ("category", "카테고리", ("category",)),
    ("kind", "세트 유무", ("kind", "single/set", "세트유무")),
    ("lead_time_days", "리드타임(일)", ("리드타임", "lead time", "lead_time_days")),
    ("moq", "최소 주문 수량(MOQ)", ("moq", "최소주문수량", "최소 주문 수량")),
    ("pack_size", "입수(팩 단위)", ("pack size", "pack_size", "입수")),
    ("safety_stock", "안전재고", ("safety stock", "safety_stock")),
    ("manufacturer", "제조사", ("manufacturer",)),
    ("supplier", "공급업체", ("supplier",)),
    ("unit_cost", "단가", ("unit cost", "unit_cost", "원가")),
    ("shelf_life_days", "소비기한(일)", ("shelf life", "shelf_life_days", "소비기한")),
    ("components", "세트 구성", ("components", "세트구성")),
]
INT_FIELDS = {"lead_time_days", "moq", "pack_size", "safety_stock", "shelf_life_days"}


MARKER_KIND = "product_master"


def export_products(products: list[Product], tenant: Tenant) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    ws.append([header for _, header, _ in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for p in products:
        ws.append([
            p.master_sku, p.playauto_sku, p.name, p.category, KIND_LABELS[p.kind], p.lead_time_days,
            p.moq, p.pack_size, p.safety_stock, p.manufacturer, p.supplier.name if p.supplier else None,
            p.unit_cost, p.shelf_life_days,
            "; ".join(f"{c.component.master_sku}*{c.quantity}" for c in p.components) or None,
        ])
    for column, width in zip("ABCDEFGHIJKLMN", (14, 14, 32, 14, 10, 12, 16, 12, 10, 16, 18, 12, 12, 28), strict=True):
        ws.column_dimensions[column].width = width
    ws.freeze_panes = "A2"
    marker = wb.create_sheet(MARKER_SHEET)
    for row in marker_rows(MARKER_KIND, tenant.id, tenant.name, utcnow()):
        marker.append(row)
    marker.sheet_state = "veryHidden"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def error(self, row: int, field_name: str | None, ko: str, en: str) -> None:
        self.errors.append({"row": row, "field": field_name, "message": ko, "message_en": en})


def read_rows(content: bytes) -> list[tuple[int, dict[str, Any]]]:
    """Rows of the first sheet keyed by field name, with their 1-based Excel row numbers."""
    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise BadRequest("엑셀(.xlsx) 파일을 읽을 수 없습니다. 파일이 손상되었거나 암호가 걸려 있습니다.",
                         "The Excel (.xlsx) file cannot be read: it is damaged or password-protected.",
                         code="unreadable_workbook") from exc
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise BadRequest("빈 파일입니다.", "The file is empty.", code="empty_file")
    lookup = {}
    for fld, korean, others in COLUMNS:
        for name in (korean, *others):
            lookup[_norm(name)] = fld
    positions = {i: lookup[_norm(h)] for i, h in enumerate(header) if h is not None and _norm(h) in lookup}
    if "master_sku" not in positions.values() or "name" not in positions.values():
        raise BadRequest("'마스터 SKU'와 '상품명' 열이 필요합니다.",
                         "The sheet needs the columns 'master SKU' and 'product name'.", code="missing_columns")
    out = []
    for number, values in enumerate(rows, start=2):
        record = {fld: values[i] if i < len(values) else None for i, fld in positions.items()}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in record.values()):
            continue
        out.append((number, record))
    wb.close()
    return out


def _norm(header: Any) -> str:
    return str(header).strip().lower().replace(" ", "").replace("_", "")


@dataclass
class _Row:
    number: int  # the Excel row number, for error messages
    values: dict[str, Any]
    components: list[tuple[str, int]]


def import_products(
    session: Session, principal: Principal, content: bytes,
    progress: Callable[[int], None] = lambda pct: None,
) -> ImportResult:
    """Create or update products by master SKU. Any row error leaves `result.errors` filled and the
    session's changes to be rolled back by the caller."""
    repo = CatalogRepository(session, principal.tenant_id)
    result = ImportResult()
    existing = repo.products_by_sku()
    rows = _parse_rows(read_rows(content), existing, result, progress)
    marker = read_marker(content)
    if marker.get("kind") == MARKER_KIND:
        _refuse_stale_rows(rows, existing, verify_marker(marker, principal.tenant_id), result)
    if result.errors:
        return result
    kind_before = {sku: p.kind for sku, p in existing.items()}
    by_sku = _upsert_products(session, repo, rows, dict(existing), result, progress)
    _replace_components(session, repo, principal.tenant_id, rows, by_sku, kind_before, result)
    _check_no_set_in_a_set(repo, rows, by_sku, result)
    if result.errors:
        result.created = result.updated = 0
        return result
    audit.record(session, tenant_id=principal.tenant_id, actor_id=principal.user_id, action="import",
                 entity_type="product", entity_id=None,
                 summary=(f"상품 마스터 가져오기: {result.created}건 등록, {result.updated}건 수정",
                          f"Product master imported: {result.created} created, {result.updated} updated"),
                 after={"created": result.created, "updated": result.updated})
    progress(100)
    return result


def _refuse_stale_rows(rows: list[_Row], existing: dict[str, Product], exported_at, result: ImportResult) -> None:
    """A sheet exported before someone changed a product must not silently undo that change: its
    rows that differ from a product edited after the export are errors (unchanged rows pass)."""
    for row in rows:
        product = existing.get(row.values.get("master_sku"))
        if product is None or product.updated_at <= exported_at:
            continue
        fields = {k: v for k, v in row.values.items() if k not in ("master_sku", "supplier_name")}
        if any(getattr(product, k) != v for k, v in fields.items()):
            when = f"{product.updated_at:%Y-%m-%d %H:%M} UTC"
            result.error(row.number, None,
                         f"이 파일을 내려받은 뒤({exported_at:%Y-%m-%d %H:%M} UTC) 상품이 수정되었습니다({when}). "
                         "최신 상품 마스터를 다시 내려받아 고쳐 주세요.",
                         f"The product was changed ({when}) after this file was exported "
                         f"({exported_at:%Y-%m-%d %H:%M} UTC). Export the product master again and edit that.")


def _parse_rows(raw_rows, existing: dict[str, Product], result: ImportResult, progress) -> list[_Row]:
    """Check every row's values, repeated SKUs and component references (nothing is written)."""
    rows: list[_Row] = []
    seen: dict[str, int] = {}
    for index, (number, raw) in enumerate(raw_rows):
        values, components = _parse_row(number, raw, result)
        sku = values.get("master_sku")
        if sku:
            if sku in seen:
                result.error(number, "master_sku", f"마스터 SKU '{sku}'이(가) {seen[sku]}행과 중복됩니다.",
                             f"Master SKU '{sku}' repeats row {seen[sku]}.")
            seen[sku] = number
        rows.append(_Row(number, values, components))
        if index % 100 == 0:
            progress(int(40 * index / max(1, len(raw_rows))))
    known_skus = set(existing) | set(seen)
    for row in rows:
        for sku, _ in row.components:
            if sku not in known_skus:
                result.error(row.number, "components", f"구성품 '{sku}'을(를) 찾을 수 없습니다.",
                             f"Unknown component '{sku}'.")
            if sku == row.values.get("master_sku"):
                result.error(row.number, "components", "세트는 자기 자신을 구성품으로 가질 수 없습니다.",
                             "A set cannot contain itself.")
    return rows


def _upsert_products(session, repo: CatalogRepository, rows: list[_Row], by_sku: dict[str, Product],
                     result: ImportResult, progress) -> dict[str, Product]:
    suppliers = {s.name: s for s in repo.suppliers()}
    for index, row in enumerate(rows):
        values = dict(row.values)
        supplier_name = values.pop("supplier_name", None)
        if supplier_name:
            values["supplier_id"] = _supplier(session, repo, suppliers, supplier_name).id
        product = by_sku.get(values["master_sku"])
        if product is None:
            by_sku[values["master_sku"]] = repo.add(Product(**values, components=[]))
            result.created += 1
        else:
            for key, value in values.items():
                setattr(product, key, value)
            result.updated += 1
        if index % 100 == 0:
            progress(40 + int(40 * index / max(1, len(rows))))
    session.flush()
    return by_sku


def _replace_components(session, repo: CatalogRepository, tenant_id: int, rows: list[_Row],
                        by_sku: dict[str, Product], kind_before: dict[str, ProductKind],
                        result: ImportResult) -> None:
    """The same set rules as editing in the app: no single/set switch with stock history, a set
    holds single products only, a single product has no components."""
    for row in rows:
        product = by_sku[row.values["master_sku"]]
        was = kind_before.get(product.master_sku)
        if was is not None and was != product.kind and repo.has_movements(product.id):
            result.error(row.number, "kind", "재고 이력이 있는 상품은 단품/세트 구분을 바꿀 수 없습니다.",
                         "A product with stock history cannot switch between single and set.")
            continue
        if was == ProductKind.set and product.kind == ProductKind.single:
            product.components.clear()
        if row.values.get("kind") == ProductKind.set or row.components:
            quantities = {by_sku[sku].id: qty for sku, qty in row.components}
            try:
                service.validate_components(repo, product, quantities, len(row.components))
            except BadRequest as exc:
                result.error(row.number, "components", exc.messages["ko"], exc.messages["en"])
                continue
            product.components.clear()
            session.flush()
            product.components.extend(
                SetComponent(tenant_id=tenant_id, component_id=cid, quantity=q) for cid, q in quantities.items()
            )
    session.flush()


def _check_no_set_in_a_set(repo: CatalogRepository, rows: list[_Row], by_sku: dict[str, Product],
                           result: ImportResult) -> None:
    """Checked once every set has its new components: a product that became a set must not be
    some other set's component."""
    for row in rows:
        product = by_sku[row.values["master_sku"]]
        if product.kind == ProductKind.set and (sets := repo.used_as_component(product.id)):
            result.error(row.number, "kind", f"세트 {', '.join(sets)}의 구성품은 세트가 될 수 없습니다.",
                         f"A component of the set(s) {', '.join(sets)} cannot be a set.")


def _supplier(session, repo: CatalogRepository, suppliers: dict[str, Supplier], name: str) -> Supplier:
    if name not in suppliers:
        suppliers[name] = repo.add(Supplier(name=name))
        session.flush()
    return suppliers[name]


def _parse_row(number, raw, result: ImportResult) -> tuple[dict[str, Any], list[tuple[str, int]]]:
    values: dict[str, Any] = {}
    components: list[tuple[str, int]] = []
    for fld, value in raw.items():
        if isinstance(value, str):
            value = value.strip() or None
        if fld == "kind":
            if value is None:
                values["kind"] = ProductKind.single
            elif str(value).lower() in KIND_BY_LABEL:
                values["kind"] = KIND_BY_LABEL[str(value).lower()]
            else:
                result.error(number, fld, f"세트 유무는 '단품' 또는 '세트'여야 합니다: {value}",
                             f"Single/set must be '단품' or '세트': {value}")
        elif fld in INT_FIELDS:
            if value is not None:
                parsed = _as_int(value)
                if parsed is None or parsed < 0:
                    result.error(number, fld, f"0 이상의 정수가 필요합니다: {value}",
                                 f"A whole number ≥ 0 is required: {value}")
                else:
                    values[fld] = parsed
        elif fld == "unit_cost":
            if value is not None:
                try:
                    values[fld] = Decimal(str(value).replace(",", "")).quantize(Decimal("0.01"))
                except InvalidOperation:
                    result.error(number, fld, f"단가는 숫자여야 합니다: {value}", f"Unit cost must be a number: {value}")
        elif fld == "supplier":
            values["supplier_name"] = None if value is None else str(value)
        elif fld == "components":
            components = _parse_components(number, value, result)
        else:
            values[fld] = None if value is None else str(value)
    try:
        checked = schemas.ProductCreate.model_validate(
            {k: v for k, v in values.items() if k != "supplier_name" and v is not None}
        )
    except ValidationError as exc:
        for err in exc.errors():
            fld = str(err["loc"][0]) if err["loc"] else None
            if not any(e["row"] == number and e["field"] == fld for e in result.errors):
                result.error(number, fld, f"값이 올바르지 않습니다: {err['msg']}", f"Invalid value: {err['msg']}")
        return values, components
    cleaned = checked.model_dump(exclude_unset=True)
    cleaned["supplier_name"] = values.get("supplier_name")
    return cleaned, components


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.replace(",", "").lstrip("-").isdigit():
        return int(value.replace(",", ""))
    return None


def _parse_components(number: int, value: Any, result: ImportResult) -> list[tuple[str, int]]:
    """'KT-0001*3; KT-0002*1' → [('KT-0001', 3), ('KT-0002', 1)]."""
    if value is None:
        return []
    components = []
    for part in str(value).replace(",", ";").split(";"):
        part = part.strip()
        if not part:
            continue
        sku, _, qty = part.partition("*")
        quantity = _as_int(qty.strip()) if qty else 1
        if not sku.strip() or quantity is None or quantity <= 0:
            result.error(number, "components", f"세트 구성 형식은 'SKU*수량; SKU*수량'입니다: {part}",
                         f"Set components must look like 'SKU*qty; SKU*qty': {part}")
            continue
        components.append((sku.strip(), quantity))
    return components
