"""Database layer: engine/session factory, declarative base, models."""

from smartstock.db.base import Base, utcnow
from smartstock.db.engine import get_engine, get_sessionmaker, make_engine

__all__ = ["Base", "get_engine", "get_sessionmaker", "make_engine", "utcnow"]
