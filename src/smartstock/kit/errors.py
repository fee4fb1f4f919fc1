"""Domain errors carry their HTTP status and a message in Korean and English.

Services raise these; one handler in app.py renders `{"error": code, "detail": message}` in the
caller's language. 422 is reserved for malformed payloads.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    status_code = 400
    code = "bad_request"
    # True when the changes made before the error must still be committed (e.g. counting a
    # failed log-in); normally an error rolls the request's transaction back.
    keep_changes = False

    def __init__(self, ko: str, en: str, *, code: str | None = None, **extra: Any) -> None:
        super().__init__(en)
        self.messages = {"ko": ko, "en": en}
        if code:
            self.code = code
        self.extra = extra

    def message(self, language: str) -> str:
        return self.messages.get(language, self.messages["en"])


class BadRequest(DomainError):
    status_code = 400
    code = "bad_request"


class NotAuthenticated(DomainError):
    status_code = 401
    code = "not_authenticated"

    def __init__(self, ko: str = "로그인이 필요합니다.", en: str = "Please log in.", **kw: Any) -> None:
        super().__init__(ko, en, **kw)


class Forbidden(DomainError):
    status_code = 403
    code = "forbidden"

    def __init__(
        self, ko: str = "이 작업을 할 권한이 없습니다.", en: str = "You are not allowed to do this.", **kw: Any
    ) -> None:
        super().__init__(ko, en, **kw)


class NotFound(DomainError):
    status_code = 404
    code = "not_found"

    def __init__(self, what_ko: str, what_en: str, **kw: Any) -> None:
        super().__init__(f"{what_ko}을(를) 찾을 수 없습니다.", f"{what_en} not found.", **kw)


class Conflict(DomainError):
    status_code = 409
    code = "conflict"


class TooManyRequests(DomainError):
    status_code = 429
    code = "too_many_requests"


class PayloadTooLarge(DomainError):
    status_code = 413
    code = "payload_too_large"
