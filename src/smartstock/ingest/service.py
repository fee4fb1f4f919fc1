"""Uploads: keep the file, analyse it in the worker (read → recognise → cleanse → report), let the
user correct the mapping and the rule actions, then apply it in one transaction, or undo it.

Analysis is repeated when applying (the product master or the history may have changed since),
so what is applied is exactly what the report then says. Applying sets `applied_sha256`, whose
unique constraint refuses the same file twice, even from two workers at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from fastapi import UploadFile
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from smartstock.catalog.excel import import_products
from smartstock.catalog.repository import CatalogRepository
from smartstock.db.base import utcnow
from smartstock.db.models import (
    Job,
    MovementSource,
    Product,
    ProductKind,
    SetComponent,
    Tenant,
    Upload,
    UploadLayout,
    UploadStatus,
    User,
)
from smartstock.ingest import template as stock_template
from smartstock.ingest.cleanse import Cleansed, Context, RuleResult, cleanse, error_examples
from smartstock.ingest.fields import FIELDS, MULTI_COLUMN_FIELDS, FileKind
from smartstock.ingest.reader import RawTable, read_table
from smartstock.ingest.recognize import Recognition, layout_signature, recognise
from smartstock.ingest.report import build_report
from smartstock.ingest.repository import UPLOAD, IngestRepository, source_ref
from smartstock.ingest.rules import Action
from smartstock.ingest.schemas import ActionsIn, FieldOut, MappingIn, UploadOut, UploadSummary
from smartstock.jobs import service as jobs
from smartstock.kit import audit
from smartstock.kit.auth import Principal
from smartstock.kit.database import after_commit
from smartstock.kit.errors import BadRequest, Conflict, DomainError
from smartstock.kit.markers import verify_marker
from smartstock.kit.pagination import Page, PageParams
from smartstock.kit.schemas import UserRef
from smartstock.kit.uploads import StoredFile, delete_kept, keep_bytes, keep_encrypted, read_kept
from smartstock.stock import schemas as stock_schemas
from smartstock.stock import service as stock

ANALYZE, APPLY, UNDO = "upload_analyze", "upload_apply", "upload_undo"
Progress = Callable[[int], None]


def _repo(session: Session, principal: Principal) -> IngestRepository:
    return IngestRepository(session, principal.tenant_id)


# ---------------------------------------------------------------- requests

def create_upload(session: Session, principal: Principal, file: UploadFile, channel: str | None) -> Upload:
    stored, _ = keep_encrypted(principal.tenant_id, file)
    upload = _new_upload(session, principal, file.filename or "upload", stored, channel)
    _submit(session, principal, upload, ANALYZE)
    return upload


def _new_upload(session, principal, filename: str, stored: StoredFile, channel: str | None) -> Upload:
    upload = _repo(session, principal).add(Upload(
        filename=filename[:255], size_bytes=stored.size, sha256=stored.sha256, storage_name=stored.name,
        status=UploadStatus.analyzing, channel=channel, created_by_id=principal.user_id,
    ))
    session.flush()
    return upload


def _submit(session: Session, principal: Principal, upload: Upload, kind: str) -> Job:
    job = jobs.submit(session, principal, kind, {"upload_id": upload.id})
    upload.job_id = job.id
    return job


def get_upload(session: Session, principal: Principal, upload_id: int) -> Upload:
    return _repo(session, principal).get_or_404(Upload, upload_id, UPLOAD)


def set_mapping(session: Session, principal: Principal, upload_id: int, data: MappingIn) -> Upload:
    upload = _editable(session, principal, upload_id)
    headers = set((upload.report or {}).get("columns_order", []))
    unknown = [c for c in data.columns if headers and c not in headers]
    if unknown:
        raise BadRequest(f"파일에 없는 열입니다: {', '.join(unknown)}", f"No such column in the file: {', '.join(unknown)}",
                         code="unknown_column")
    counts = Counter(v for v in data.columns.values() if v)
    if repeated := sorted(f for f, n in counts.items() if n > 1 and f not in MULTI_COLUMN_FIELDS):
        raise BadRequest(f"한 필드에 여러 열을 지정했습니다: {', '.join(repeated)}",
                         f"Several columns were given the same field: {', '.join(repeated)}", code="duplicate_field")
    upload.kind, upload.mapping, upload.channel = data.kind.value, dict(data.columns), data.channel
    upload.mapping_confirmed = True
    if data.remember and upload.layout_signature:
        repo = _repo(session, principal)
        layout = repo.layout(upload.layout_signature) or repo.add(UploadLayout(signature=upload.layout_signature))
        layout.kind, layout.mapping, layout.channel = data.kind.value, dict(data.columns), data.channel
        layout.updated_by_id = principal.user_id
    upload.status = UploadStatus.analyzing
    _submit(session, principal, upload, ANALYZE)
    return upload


def set_actions(session: Session, principal: Principal, upload_id: int, data: ActionsIn) -> Upload:
    upload = _editable(session, principal, upload_id)
    upload.actions = {**(upload.actions or {}), **{k: v.value for k, v in data.actions.items()}}
    upload.status = UploadStatus.analyzing
    _submit(session, principal, upload, ANALYZE)
    return upload


def _editable(session, principal, upload_id) -> Upload:
    upload = get_upload(session, principal, upload_id)
    if upload.status in (UploadStatus.applied, UploadStatus.applying, UploadStatus.undoing):
        raise Conflict("반영된 업로드는 바꿀 수 없습니다. 먼저 되돌리세요.",
                       "An applied upload cannot be changed: undo it first.", code="upload_applied")
    if upload.status == UploadStatus.failed:
        raise Conflict("읽을 수 없는 파일입니다. 파일을 고쳐 다시 올려 주세요.",
                       "The file could not be read: fix it and upload it again.", code="upload_failed")
    return upload


def request_apply(session: Session, principal: Principal, upload_id: int) -> Upload:
    upload = get_upload(session, principal, upload_id)
    if upload.status == UploadStatus.applied:
        raise Conflict("이미 반영된 업로드입니다.", "This upload is already applied.", code="already_applied")
    if upload.status not in (UploadStatus.ready, UploadStatus.undone):
        raise Conflict("분석이 끝난 뒤에 반영할 수 있습니다.", "The upload can be applied once its analysis is done.",
                       code="upload_not_ready")
    _refuse_applied_twice(session, principal, upload)
    if (upload.report or {}).get("blocking"):
        raise BadRequest("보고서의 오류를 먼저 고쳐 주세요(필수 열 누락 또는 행 오류).",
                         "Fix the report's errors first (missing columns or row errors).", code="report_has_errors")
    upload.status = UploadStatus.applying
    _submit(session, principal, upload, APPLY)
    return upload


def _refuse_applied_twice(session, principal, upload: Upload) -> None:
    other = _repo(session, principal).applied_with_sha(upload.sha256)
    if other is not None and other.id != upload.id:
        raise Conflict(
            f"같은 파일이 이미 반영되었습니다(업로드 #{other.id}, {other.applied_at:%Y-%m-%d %H:%M} UTC). 두 번 반영하지 않습니다.",
            f"The same file is already applied (upload #{other.id}, {other.applied_at:%Y-%m-%d %H:%M} UTC); "
            "it is not applied twice.", code="already_applied", upload_id=other.id,
        )


def request_undo(session: Session, principal: Principal, upload_id: int) -> Upload:
    upload = get_upload(session, principal, upload_id)
    if upload.status != UploadStatus.applied:
        raise Conflict("반영된 업로드만 되돌릴 수 있습니다.", "Only an applied upload can be undone.", code="not_applied")
    upload.status = UploadStatus.undoing
    _submit(session, principal, upload, UNDO)
    return upload


def delete_upload(session: Session, principal: Principal, upload_id: int) -> None:
    upload = get_upload(session, principal, upload_id)
    if upload.status in (UploadStatus.applied, UploadStatus.applying, UploadStatus.undoing):
        raise Conflict("반영된 업로드는 먼저 되돌린 뒤 삭제할 수 있습니다.",
                       "Undo an applied upload before deleting it.", code="upload_applied")
    audit.record(session, tenant_id=principal.tenant_id, actor_id=principal.user_id, action="delete",
                 entity_type="upload", entity_id=upload.id,
                 summary=(f"업로드 삭제: {upload.filename}", f"Upload deleted: {upload.filename}"),
                 before={"filename": upload.filename, "sha256": upload.sha256})
    tenant_id, name = upload.tenant_id, upload.storage_name
    session.delete(upload)
    session.flush()
    after_commit(session, lambda: delete_kept(tenant_id, name))


def original(session: Session, principal: Principal, upload_id: int) -> tuple[str, bytes]:
    upload = get_upload(session, principal, upload_id)
    return upload.filename, read_kept(upload.tenant_id, upload.storage_name)


def template(session: Session, principal: Principal) -> bytes:
    repo = _repo(session, principal)
    products = session.scalars(repo.scoped(Product).where(Product.is_active.is_(True)).order_by(Product.master_sku))
    tenant = session.get_one(Tenant, principal.tenant_id)
    return stock_template.build_template(tenant.id, tenant.name, products, utcnow())


def fields() -> list[FieldOut]:
    return [FieldOut(key=f.key, ko=f.ko, en=f.en, personal=f.pii is not None, multiple=f.key in MULTI_COLUMN_FIELDS)
            for f in FIELDS]


def list_uploads(session: Session, principal: Principal, page: PageParams) -> Page[UploadSummary]:
    uploads, total = _repo(session, principal).upload_page(page.offset, page.page_size)
    users = _users(session, uploads)
    return Page(items=[_summary(u, users) for u in uploads], total=total, page=page.page, page_size=page.page_size)


def upload_out(session: Session, principal: Principal, upload: Upload) -> UploadOut:
    other = _repo(session, principal).applied_with_sha(upload.sha256)
    job = session.get(Job, upload.job_id) if upload.job_id else None
    base = _summary(upload, _users(session, [upload])).model_dump()
    return UploadOut(
        **base, sha256=upload.sha256, mapping=upload.mapping, mapping_confirmed=upload.mapping_confirmed,
        remembered_layout=bool((upload.report or {}).get("remembered_layout")),
        actions=upload.actions, report=upload.report, error=upload.error, result=upload.result,
        already_applied_as=other.id if other is not None and other.id != upload.id else None,
        job=jobs.job_out(job) if job else None,
    )


def _users(session: Session, uploads: list[Upload]) -> dict[int, User]:
    ids = {u.created_by_id for u in uploads if u.created_by_id}
    return {u.id: u for u in session.query(User).filter(User.id.in_(ids))} if ids else {}


def _summary(upload: Upload, users: dict[int, User]) -> UploadSummary:
    report = upload.report or {}
    creator = users.get(upload.created_by_id) if upload.created_by_id else None
    return UploadSummary(
        id=upload.id, filename=upload.filename, size_bytes=upload.size_bytes, status=upload.status,
        kind=upload.kind, channel=upload.channel, rows_read=report.get("rows_read"), rows_kept=report.get("rows_kept"),
        blocking=bool(report.get("blocking")),
        created_by=UserRef.model_validate(creator) if creator else None, created_at=upload.created_at,
        applied_at=upload.applied_at, undone_at=upload.undone_at,
    )


# ---------------------------------------------------------------- analysis

@dataclass
class Analysis:
    table: RawTable
    recognition: Recognition
    cleansed: Cleansed
    report: dict[str, Any]


def analyse(session: Session, principal: Principal, upload: Upload, content: bytes,
            progress: Progress = lambda pct: None, kind: FileKind | None = None) -> Analysis:
    """Read, recognise and cleanse the file with the upload's mapping and actions (pure core),
    against this tenant's product master and sales history. `kind` overrides the recognised kind.
    Raises DomainError when the file is unreadable."""
    repo = _repo(session, principal)
    progress(5)
    table = read_table(content, upload.filename)
    progress(30)
    issued_at = verify_marker(table.marker, principal.tenant_id) if table.marker else None
    recognition, remembered = _recognise(repo, upload, table)
    if kind is None:
        kind = FileKind(upload.kind) if upload.mapping_confirmed and upload.kind else recognition.kind
    progress(45)
    context = Context(
        today=repo.today(), known_skus=repo.known_skus(), set_skus=repo.set_skus(),
        file_channel=upload.channel or recognition.channel, existing_days=repo.existing_days,
        actions={k: Action(v) for k, v in (upload.actions or {}).items()},
    )
    cleansed = cleanse(table, recognition.mapping, kind, context)
    progress(80)
    extra: dict[str, Any] = {"columns_order": table.headers, "remembered_layout": remembered}
    if cleansed.movements is not None:
        _check_stock_file(session, repo, cleansed, recognition)
        if issued_at is not None and table.marker.get("kind") == stock_template.MARKER_KIND:
            cleansed.rules.append(_stale_template(repo, cleansed, issued_at))
            extra["template"] = {"issued_at": issued_at.isoformat(), "tenant": table.marker.get("tenant_name")}
    if kind == FileKind.products:
        extra["products"] = _check_products(session, principal, upload, content, cleansed)
    report = build_report(upload.filename, table, recognition, cleansed, extra)
    progress(90)
    return Analysis(table, recognition, cleansed, report)


def _recognise(repo: IngestRepository, upload: Upload, table: RawTable) -> tuple[Recognition, bool]:
    signature = layout_signature(table)
    if upload.mapping_confirmed and upload.mapping is not None:
        recognition = recognise(table, remembered=(FileKind(upload.kind), upload.mapping))
        for column in recognition.columns:
            column.basis = "user" if column.column in upload.mapping else "none"
        return recognition, False
    layout = repo.layout(signature)
    if layout is not None:
        if layout.channel and not upload.channel:
            upload.channel = layout.channel
        return recognise(table, remembered=(FileKind(layout.kind), layout.mapping)), True
    return recognise(table), False


def _check_stock_file(session, repo: IngestRepository, cleansed: Cleansed, recognition: Recognition) -> None:
    """Before anything is applied: a number column that does not say inbound or outbound, and
    outbound rows the stock cannot cover (checked in file order, sets through their components,
    as applying would book them) are row errors."""
    for column in recognition.columns:
        if column.field == "quantity":
            cleansed.errors.append({
                "line": None, "field": "quantity", "value": column.column,
                "message": f"재고 파일의 '{column.column}' 열이 입고량인지 출고량인지 지정하세요.",
                "message_en": f"Say whether column '{column.column}' is inbound or outbound."})
    if session.get_one(Tenant, repo.tenant_id).allow_negative_stock:
        return
    on_hand, components = repo.on_hand(), repo.set_components()
    for row in cleansed.movements.iter_rows(named=True):
        sku = row["sku"]
        for part, per_set in components.get(sku, [(sku, 1)]):
            on_hand[part] = on_hand.get(part, 0) + (row["inbound"] if part == sku else 0)
            need = row["outbound"] * per_set
            if need > on_hand[part]:
                cleansed.errors.append({
                    "line": row["line"], "field": "outbound", "value": row["outbound"],
                    "message": f"재고가 부족합니다: {part} — 이 행 전까지 {on_hand[part]}개, 출고 {need}개.",
                    "message_en": f"Not enough stock: {part} — {on_hand[part]} before this row, {need} to ship."})
            on_hand[part] -= need
    row_errors = next(r for r in cleansed.rules if r.id == "row_errors")
    row_errors.count = len({e["line"] for e in cleansed.errors})
    row_errors.examples = error_examples(cleansed.errors)


def _stale_template(repo: IngestRepository, cleansed: Cleansed, issued_at: dt.datetime) -> RuleResult:
    changed = repo.products_changed_since(issued_at)
    rows = [r for r in cleansed.movements.iter_rows(named=True) if r["sku"] in changed]
    examples = [{"line": r["line"], "values": {"sku": r["sku"]}} for r in rows[:5]]
    return RuleResult("stale_template", len(rows), Action.keep, examples, {"issued_at": issued_at.isoformat()})


def _check_products(session, principal, upload: Upload, content: bytes, cleansed: Cleansed) -> dict[str, Any]:
    """A product master goes through the catalog import, tried inside a savepoint and rolled back."""
    if not upload.filename.lower().endswith(".xlsx"):
        raise BadRequest("상품 마스터는 엑셀(.xlsx)로 올려 주세요.", "Upload the product master as Excel (.xlsx).",
                         code="product_master_not_xlsx")
    savepoint = session.begin_nested()
    try:
        result = import_products(session, principal, content)
    finally:
        savepoint.rollback()
    cleansed.errors.extend({"line": e["row"], "field": e["field"], "value": None, "message": e["message"],
                            "message_en": e["message_en"]} for e in result.errors)
    return {"created": result.created, "updated": result.updated}


def run_analysis(session: Session, principal: Principal, upload: Upload, progress: Progress) -> dict[str, Any]:
    """The analyse job: store the report, or the reason the file cannot be read."""
    try:
        content = read_kept(upload.tenant_id, upload.storage_name)
        analysis = analyse(session, principal, upload, content, progress)
    except DomainError as exc:
        upload.status, upload.error, upload.report = UploadStatus.failed, {"code": exc.code, **exc.messages}, None
        return {"status": "failed", "error": exc.code}
    upload.layout_signature = analysis.recognition.signature
    upload.kind = analysis.cleansed.kind.value
    upload.mapping = upload.mapping if upload.mapping_confirmed else {
        c.column: c.field for c in analysis.recognition.columns}
    upload.report, upload.error = analysis.report, None
    upload.status = UploadStatus.ready
    return {"status": "ready", "rows_read": analysis.cleansed.rows_read, "rows_kept": analysis.cleansed.rows_kept}


# ---------------------------------------------------------------- apply and undo

def run_apply(session: Session, principal: Principal, upload: Upload, progress: Progress) -> dict[str, Any]:
    content = read_kept(upload.tenant_id, upload.storage_name)
    analysis = analyse(session, principal, upload, content, lambda pct: progress(pct * 3 // 10))
    return apply_analysis(session, principal, upload, analysis, content,
                          lambda pct: progress(30 + pct * 7 // 10))


def apply_analysis(session: Session, principal: Principal, upload: Upload, analysis: Analysis, content: bytes,
                   progress: Progress = lambda pct: None) -> dict[str, Any]:
    """Write what the analysis says, all in the caller's transaction (all or nothing)."""
    cleansed = analysis.cleansed
    if cleansed.blocking:
        return {"errors": cleansed.errors or [{"line": None, "field": f, "value": None,
                                               "message": f"필수 열이 없습니다: {f}",
                                               "message_en": f"Missing column: {f}"} for f in cleansed.missing_fields]}
    _refuse_applied_twice(session, principal, upload)
    if cleansed.kind == FileKind.stock:
        result = _apply_stock(session, principal, upload, cleansed, progress)
    elif cleansed.kind == FileKind.products:
        result = _apply_products(session, principal, upload, content, progress)
    else:
        result = _apply_sales(session, principal, upload, cleansed, progress)
    if result.get("errors"):
        return result
    upload.status, upload.applied_at, upload.applied_by_id = UploadStatus.applied, utcnow(), principal.user_id
    upload.applied_sha256, upload.undone_at, upload.undone_by_id = upload.sha256, None, None
    upload.report, upload.result = analysis.report, result
    try:
        session.flush()
    except IntegrityError as exc:  # another worker applied the same file a moment ago
        raise Conflict("같은 파일이 방금 반영되었습니다.", "The same file was just applied.", code="already_applied") from exc
    audit.record(session, tenant_id=principal.tenant_id, actor_id=principal.user_id, action="apply",
                 entity_type="upload", entity_id=upload.id,
                 summary=(f"업로드 반영: {upload.filename}", f"Upload applied: {upload.filename}"), after=result)
    progress(100)
    return result


def _apply_sales(session, principal, upload: Upload, cleansed: Cleansed, progress: Progress) -> dict[str, Any]:
    repo = _repo(session, principal)
    created = 0
    if cleansed.new_products is not None:
        for row in cleansed.new_products.iter_rows(named=True):
            repo.add(Product(master_sku=row["sku"], name=(row["name"] or row["sku"])[:200],
                             category=(row["category"] or None) and row["category"][:100],
                             created_by_upload_id=upload.id))
            created += 1
        session.flush()
    ids = repo.product_ids()
    sales = cleansed.sales
    total = max(sales.height, 1)

    def rows() -> Iterator[dict[str, Any]]:
        for index, r in enumerate(sales.iter_rows(named=True)):
            if index % 20_000 == 0:
                progress(10 + 85 * index // total)
            revenue = r["revenue"]
            yield {"tenant_id": principal.tenant_id, "product_id": ids[r["sku"]], "channel": r["channel"],
                   "sale_date": r["date"], "quantity": r["quantity"],
                   "revenue": None if revenue is None else round(revenue, 2), "promotion": r["promotion"],
                   "stockout": r["stockout"], "upload_id": upload.id}

    written = repo.insert_sales(rows())
    return {"sales_rows": written, "products_created": created, "quantity": cleansed.summary.get("quantity", 0)}


def _apply_stock(session, principal, upload: Upload, cleansed: Cleansed, progress: Progress) -> dict[str, Any]:
    ids = _repo(session, principal).product_ids()
    errors, booked = [], 0
    movements = cleansed.movements
    for index, row in enumerate(movements.iter_rows(named=True)):
        note = " · ".join(x for x in (row["memo"], row["date"] and f"날짜 {row['date']:%Y-%m-%d}",
                                      f"업로드 #{upload.id} {row['line']}행") if x)[:500]
        for reason in ("inbound", "outbound"):
            if not row[reason]:
                continue
            data = stock_schemas.MovementIn(product_id=ids[row["sku"]], reason=reason, quantity=row[reason], note=note,
                                            use_by=row["use_by"] if reason == "inbound" else None)
            try:
                stock.record_movement(session, principal, data, source=MovementSource.upload,
                                      source_ref=source_ref(upload.id))
                booked += 1
            except DomainError as exc:
                errors.append({"line": row["line"], "field": reason, "value": row[reason],
                               "message": exc.messages["ko"], "message_en": exc.messages["en"]})
        progress(100 * (index + 1) // max(movements.height, 1))
    if errors:
        return {"errors": errors}
    return {"movements": booked, "inbound": cleansed.summary["inbound"], "outbound": cleansed.summary["outbound"]}


PRODUCT_FIELDS = ["playauto_sku", "name", "category", "kind", "lead_time_days", "moq", "pack_size", "safety_stock",
                  "manufacturer", "supplier_id", "unit_cost", "shelf_life_days"]


def _product_state(product: Product) -> dict[str, Any]:
    return {**audit.snapshot(product, PRODUCT_FIELDS),
            "components": sorted([c.component_id, c.quantity] for c in product.components)}


def _apply_products(session, principal, upload: Upload, content: bytes, progress: Progress) -> dict[str, Any]:
    """The catalog import, remembering each changed product's previous state so undo can put it back."""
    repo = CatalogRepository(session, principal.tenant_id)
    before = {sku: _product_state(p) for sku, p in repo.products_by_sku().items()}
    imported = import_products(session, principal, content, progress)
    if imported.errors:
        return {"errors": imported.errors}
    session.expire_all()
    after = repo.products_by_sku()
    for sku in after.keys() - before.keys():
        after[sku].created_by_upload_id = upload.id
    changed = {sku: state for sku, state in before.items() if sku in after and _product_state(after[sku]) != state}
    return {"created": imported.created, "updated": imported.updated, "restore": changed}


def _restore_products(session, principal, upload: Upload) -> int:
    """Put the products an imported master changed back as they were before it."""
    saved = (upload.result or {}).get("restore") or {}
    products = CatalogRepository(session, principal.tenant_id).products_by_sku()
    for sku, state in saved.items():
        product = products.get(sku)
        if product is None:
            continue
        for field in PRODUCT_FIELDS:
            value = state[field]
            if field == "unit_cost" and value is not None:
                value = Decimal(value)
            setattr(product, field, ProductKind(value) if field == "kind" else value)
        product.components.clear()
        session.flush()
        product.components.extend(SetComponent(tenant_id=principal.tenant_id, component_id=cid, quantity=qty)
                                  for cid, qty in state["components"])
    session.flush()
    return len(saved)


def run_undo(session: Session, principal: Principal, upload: Upload, progress: Progress) -> dict[str, Any]:
    """Reverse exactly what applying did: its sales rows, the products it registered that nothing
    else uses, its stock movements (each by an undo movement)."""
    repo = _repo(session, principal)
    if upload.status not in (UploadStatus.undoing, UploadStatus.applied):
        raise Conflict("반영된 업로드만 되돌릴 수 있습니다.", "Only an applied upload can be undone.", code="not_applied")
    result: dict[str, Any] = {"sales_rows_removed": repo.delete_sales(upload.id)}
    progress(40)
    undone = 0
    for movement in repo.upload_movements(upload.id):
        try:
            stock.undo_movement(session, principal, movement.id, f"업로드 #{upload.id} 되돌리기",
                                source=MovementSource.upload, source_ref=source_ref(upload.id))
            undone += 1
        except Conflict as exc:
            if exc.code != "already_undone":
                raise
    result["movements_undone"] = undone
    result["products_restored"] = _restore_products(session, principal, upload)
    progress(80)
    removable = repo.removable_products(upload.id)
    for product in removable:
        session.delete(product)
    result["products_removed"] = len(removable)
    upload.status, upload.undone_at, upload.undone_by_id = UploadStatus.undone, utcnow(), principal.user_id
    upload.applied_sha256, upload.applied_at = None, None
    upload.result = {**(upload.result or {}), "undo": result}
    session.flush()
    audit.record(session, tenant_id=principal.tenant_id, actor_id=principal.user_id, action="undo",
                 entity_type="upload", entity_id=upload.id,
                 summary=(f"업로드 되돌리기: {upload.filename}", f"Upload undone: {upload.filename}"), after=result)
    progress(100)
    return result


def restore_status_after_failure(session: Session, upload_id: int) -> None:
    """A failed apply or undo leaves the upload as it was before the request."""
    upload = session.get(Upload, upload_id)
    if upload is None:
        return
    if upload.status == UploadStatus.applying:
        upload.status = UploadStatus.undone if upload.undone_at else UploadStatus.ready
    elif upload.status == UploadStatus.undoing:
        upload.status = UploadStatus.applied


def mark_analysis_failed(session: Session, upload_id: int) -> None:
    upload = session.get(Upload, upload_id)
    if upload is not None and upload.status == UploadStatus.analyzing:
        upload.status = UploadStatus.failed
        upload.error = {"code": "internal", "ko": "파일을 분석하는 중 오류가 났습니다. 다시 시도해 주세요.",
                        "en": "Analysing the file failed unexpectedly. Please try again."}


def require_report(upload: Upload) -> dict[str, Any]:
    if upload.report is None:
        raise Conflict("아직 보고서가 없습니다(분석 중이거나 읽을 수 없는 파일).",
                       "There is no report yet (still analysing, or the file could not be read).", code="no_report")
    return upload.report


def ingest_path(session: Session, principal: Principal, filename: str, content: bytes, *,
                kind: FileKind | None = None, dry_run: bool = False) -> tuple[Upload | None, Analysis, dict[str, Any]]:
    """The command line's upload: analyse and (unless dry_run) apply the file right away, in the
    caller's transaction, keeping the original once applied. Returns the upload (None on a dry
    run), the analysis and what applying did ({} on a dry run; {"errors": …} when nothing could be
    applied)."""
    draft = Upload(filename=filename, actions=None, mapping_confirmed=False, tenant_id=principal.tenant_id)
    analysis = analyse(session, principal, draft, content, kind=kind)
    if dry_run:
        return None, analysis, {}
    sha256 = hashlib.sha256(content).hexdigest()
    upload = _new_upload(session, principal, filename, StoredFile("", sha256, len(content)), None)
    upload.kind, upload.mapping = analysis.cleansed.kind.value, analysis.recognition.mapping
    upload.layout_signature, upload.report = analysis.recognition.signature, analysis.report
    upload.status = UploadStatus.ready
    result = apply_analysis(session, principal, upload, analysis, content)
    if not result.get("errors"):
        upload.storage_name = keep_bytes(principal.tenant_id, content).name
    return upload, analysis, result
