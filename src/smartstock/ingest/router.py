"""Uploads (data workspace): send a file, read its report, correct the mapping and the rule
actions, apply it, undo it. Heavy work runs in the worker; poll GET /api/uploads/{id}."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, UploadFile, status
from fastapi.responses import Response

from smartstock.db.models import Channel
from smartstock.ingest import report, schemas, service
from smartstock.kit.auth import CurrentUser, StaffOrAbove
from smartstock.kit.database import DbSession
from smartstock.kit.pagination import Page, PageDep

router = APIRouter(prefix="/uploads", tags=["uploads"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes, media_type: str, filename: str) -> Response:
    return Response(content, media_type=media_type,
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"})


@router.get("", response_model=Page[schemas.UploadSummary])
def list_uploads(principal: CurrentUser, db: DbSession, page: PageDep):
    return service.list_uploads(db, principal, page)


@router.post("", status_code=status.HTTP_202_ACCEPTED, response_model=schemas.UploadOut)
def create_upload(file: UploadFile, principal: StaffOrAbove, db: DbSession,
                  channel: Annotated[Channel | None, Form()] = None):
    """Keeps the file (encrypted) and queues its analysis; the report appears on the upload."""
    upload = service.create_upload(db, principal, file, channel.value if channel else None)
    return service.upload_out(db, principal, upload)


@router.get("/fields", response_model=list[schemas.FieldOut])
def fields(principal: CurrentUser):
    """The fields a column can be mapped to, with Korean and English labels."""
    return service.fields()


@router.get("/template.xlsx", response_class=Response,
            responses={200: {"content": {XLSX: {}}, "description": "The stock template, pre-filled"}})
def stock_template(principal: CurrentUser, db: DbSession):
    return _download(service.template(db, principal), XLSX, "재고입출고_양식.xlsx")


@router.get("/{upload_id}", response_model=schemas.UploadOut)
def get_upload(upload_id: int, principal: CurrentUser, db: DbSession):
    return service.upload_out(db, principal, service.get_upload(db, principal, upload_id))


@router.put("/{upload_id}/mapping", status_code=status.HTTP_202_ACCEPTED, response_model=schemas.UploadOut)
def set_mapping(upload_id: int, data: schemas.MappingIn, principal: StaffOrAbove, db: DbSession):
    return service.upload_out(db, principal, service.set_mapping(db, principal, upload_id, data))


@router.put("/{upload_id}/actions", status_code=status.HTTP_202_ACCEPTED, response_model=schemas.UploadOut)
def set_actions(upload_id: int, data: schemas.ActionsIn, principal: StaffOrAbove, db: DbSession):
    return service.upload_out(db, principal, service.set_actions(db, principal, upload_id, data))


@router.post("/{upload_id}/apply", status_code=status.HTTP_202_ACCEPTED, response_model=schemas.UploadOut)
def apply_upload(upload_id: int, principal: StaffOrAbove, db: DbSession):
    """Applies the file in one transaction (all or nothing); 409 when the same file is applied."""
    return service.upload_out(db, principal, service.request_apply(db, principal, upload_id))


@router.post("/{upload_id}/undo", status_code=status.HTTP_202_ACCEPTED, response_model=schemas.UploadOut)
def undo_upload(upload_id: int, principal: StaffOrAbove, db: DbSession):
    return service.upload_out(db, principal, service.request_undo(db, principal, upload_id))


@router.delete("/{upload_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_upload(upload_id: int, principal: StaffOrAbove, db: DbSession):
    service.delete_upload(db, principal, upload_id)


@router.get("/{upload_id}/report.json", response_class=Response,
            responses={200: {"content": {"application/json": {}}, "description": "The cleansing report"}})
def report_json(upload_id: int, principal: CurrentUser, db: DbSession):
    upload = service.get_upload(db, principal, upload_id)
    return _download(report.report_json(service.require_report(upload)), "application/json",
                     f"report-{upload_id}.json")


@router.get("/{upload_id}/report.xlsx", response_class=Response,
            responses={200: {"content": {XLSX: {}}, "description": "The cleansing report as Excel"}})
def report_xlsx(upload_id: int, principal: CurrentUser, db: DbSession):
    upload = service.get_upload(db, principal, upload_id)
    return _download(report.report_excel(service.require_report(upload)), XLSX, f"report-{upload_id}.xlsx")


@router.get("/{upload_id}/original", response_class=Response,
            responses={200: {"content": {"application/octet-stream": {}}, "description": "The file as uploaded"}})
def download_original(upload_id: int, principal: StaffOrAbove, db: DbSession):
    filename, content = service.original(db, principal, upload_id)
    return _download(content, "application/octet-stream", filename)
