"""Which language to answer in: the UI sends Accept-Language (ko or en); Korean by default."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from starlette.requests import Request


def request_language(request: Request) -> str:
    header = request.headers.get("accept-language", "")
    for part in header.split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("en"):
            return "en"
        if tag.startswith("ko"):
            return "ko"
    return "ko"


RequestLanguage = Annotated[str, Depends(request_language)]


def pick(language: str, ko: str, en: str) -> str:
    return ko if language == "ko" else en
