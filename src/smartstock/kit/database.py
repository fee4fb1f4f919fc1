"""The request owns the transaction: one session per request, committed when the endpoint
returns without error (before the response is sent), rolled back otherwise. Jobs enqueued during
the request are sent only after the commit, so a worker never sees a job for uncommitted data."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from smartstock.kit.errors import DomainError

AFTER_COMMIT_KEY = "after_commit"


def get_db_session(request: Request) -> Iterator[Session]:
    session: Session = request.app.state.sessionmaker()
    try:
        yield session
        session.commit()
    except DomainError as error:
        if error.keep_changes:
            session.commit()
        else:
            session.rollback()
        raise
    except BaseException:
        session.rollback()
        raise
    finally:
        callbacks = session.info.pop(AFTER_COMMIT_KEY, [])
        session.close()
    for callback in callbacks:
        callback()


def after_commit(session: Session, callback: Callable[[], None]) -> None:
    """Run `callback` once the request's transaction has committed."""
    session.info.setdefault(AFTER_COMMIT_KEY, []).append(callback)


def commit(session: Session) -> None:
    """Commit outside a request (scheduled tasks), then run what waited for the commit."""
    session.commit()
    for callback in session.info.pop(AFTER_COMMIT_KEY, []):
        callback()


DbSession = Annotated[Session, Depends(get_db_session, scope="function")]
