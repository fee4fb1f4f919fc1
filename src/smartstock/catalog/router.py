from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, UploadFile, status
from fastapi.responses import Response

from smartstock.catalog import excel, schemas, service
from smartstock.catalog.repository import CatalogRepository
from smartstock.db.models import ProductKind, Tenant
from smartstock.jobs import service as jobs
from smartstock.jobs.schemas import JobOut
from smartstock.kit.auth import CurrentUser, ManagerOrOwner
from smartstock.kit.database import DbSession
from smartstock.kit.pagination import Page, PageDep
from smartstock.kit.uploads import store_upload

router = APIRouter(tags=["catalog"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/products", response_model=Page[schemas.ProductOut])
def list_products(
    principal: CurrentUser, db: DbSession, page: PageDep,
    q: Annotated[str | None, Query(max_length=100)] = None,
    category: str | None = None, supplier_id: int | None = None, kind: ProductKind | None = None,
):
    return service.list_products(db, principal, page, q=q, category=category, supplier_id=supplier_id, kind=kind)


@router.post("/products", status_code=status.HTTP_201_CREATED, response_model=schemas.ProductOut)
def create_product(data: schemas.ProductCreate, principal: ManagerOrOwner, db: DbSession):
    return service.create_product(db, principal, data)


@router.get("/products/export.xlsx", response_class=Response,
            responses={200: {"content": {XLSX: {}}, "description": "The product master as Excel"}})
def export_products(principal: CurrentUser, db: DbSession):
    products, _ = CatalogRepository(db, principal.tenant_id).product_page(limit=100_000)
    return Response(
        excel.export_products(products, db.get_one(Tenant, principal.tenant_id)), media_type=XLSX,
        headers={"Content-Disposition": "attachment; filename*=UTF-8''products.xlsx"},
    )


@router.post("/products/import", status_code=status.HTTP_202_ACCEPTED, response_model=JobOut)
def import_products(file: UploadFile, principal: ManagerOrOwner, db: DbSession):
    """Queues the import; poll GET /api/jobs/{id}. All rows apply, or none (errors per row)."""
    path = store_upload(principal.tenant_id, file, allowed_suffixes={".xlsx"})
    job = jobs.submit(db, principal, "product_import", {"path": str(path), "filename": file.filename})
    return jobs.job_out(job)


@router.get("/products/{product_id}", response_model=schemas.ProductOut)
def get_product(product_id: int, principal: CurrentUser, db: DbSession):
    return service.get_product(db, principal, product_id)


@router.patch("/products/{product_id}", response_model=schemas.ProductOut)
def update_product(product_id: int, data: schemas.ProductUpdate, principal: ManagerOrOwner, db: DbSession):
    return service.update_product(db, principal, product_id, data)


@router.delete("/products/{product_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_product(product_id: int, principal: ManagerOrOwner, db: DbSession) -> None:
    service.delete_product(db, principal, product_id)


@router.put("/products/{product_id}/components", response_model=schemas.ProductOut)
def set_components(
    product_id: int, items: list[schemas.ComponentIn], principal: ManagerOrOwner, db: DbSession
):
    return service.set_components(db, principal, product_id, items)


@router.get("/categories", response_model=list[str])
def categories(principal: CurrentUser, db: DbSession):
    return service.categories(db, principal)


@router.get("/suppliers", response_model=list[schemas.SupplierOut])
def list_suppliers(principal: CurrentUser, db: DbSession):
    return service.list_suppliers(db, principal)


@router.post("/suppliers", status_code=status.HTTP_201_CREATED, response_model=schemas.SupplierOut)
def create_supplier(data: schemas.SupplierIn, principal: ManagerOrOwner, db: DbSession):
    return service.create_supplier(db, principal, data)


@router.get("/suppliers/{supplier_id}", response_model=schemas.SupplierOut)
def get_supplier(supplier_id: int, principal: CurrentUser, db: DbSession):
    return service.get_supplier(db, principal, supplier_id)


@router.patch("/suppliers/{supplier_id}", response_model=schemas.SupplierOut)
def update_supplier(supplier_id: int, data: schemas.SupplierUpdate, principal: ManagerOrOwner, db: DbSession):
    return service.update_supplier(db, principal, supplier_id, data)


@router.delete("/suppliers/{supplier_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_supplier(supplier_id: int, principal: ManagerOrOwner, db: DbSession) -> None:
    service.delete_supplier(db, principal, supplier_id)


@router.get("/channel-skus", response_model=list[schemas.ChannelSkuOut])
def list_channel_skus(principal: CurrentUser, db: DbSession, product_id: int | None = None):
    return service.list_channel_skus(db, principal, product_id)


@router.post("/channel-skus", status_code=status.HTTP_201_CREATED, response_model=schemas.ChannelSkuOut)
def create_channel_sku(data: schemas.ChannelSkuIn, principal: ManagerOrOwner, db: DbSession):
    return service.create_channel_sku(db, principal, data)


@router.delete("/channel-skus/{mapping_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_channel_sku(mapping_id: int, principal: ManagerOrOwner, db: DbSession) -> None:
    service.delete_channel_sku(db, principal, mapping_id)
