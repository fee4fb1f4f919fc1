"""Catalog jobs run by the worker."""

from __future__ import annotations

from pathlib import Path

from smartstock.catalog.excel import import_products
from smartstock.jobs.queue import job_handler


@job_handler("product_import")
def product_import(session, job, principal, progress) -> dict:
    content = Path(job.params["path"]).read_bytes()
    result = import_products(session, principal, content, progress)
    return {"created": result.created, "updated": result.updated, "errors": result.errors}
