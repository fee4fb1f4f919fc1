"""Upload jobs run by the worker: analyse, apply, undo (each reloads the upload by id)."""

from __future__ import annotations

from smartstock.db.models import Upload
from smartstock.ingest import service
from smartstock.jobs.queue import job_handler


def _upload(session, job) -> Upload:
    return session.get_one(Upload, job.params["upload_id"])


def _restore(session, job) -> None:
    service.restore_status_after_failure(session, job.params["upload_id"])


def _analysis_failed(session, job) -> None:
    service.mark_analysis_failed(session, job.params["upload_id"])


@job_handler(service.ANALYZE, on_failure=_analysis_failed)
def analyse_upload(session, job, principal, progress) -> dict:
    return service.run_analysis(session, principal, _upload(session, job), progress)


@job_handler(service.APPLY, on_failure=_restore)
def apply_upload(session, job, principal, progress) -> dict:
    return service.run_apply(session, principal, _upload(session, job), progress)


@job_handler(service.UNDO, on_failure=_restore)
def undo_upload(session, job, principal, progress) -> dict:
    return service.run_undo(session, principal, _upload(session, job), progress)
