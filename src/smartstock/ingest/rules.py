"""The cleansing rules a user sees in the report, what each action does, and their defaults."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Action(StrEnum):
    fix = "fix"
    keep = "keep"
    drop = "drop"


@dataclass(frozen=True)
class Rule:
    id: str
    ko: str
    en: str
    default: Action
    does: dict[Action, tuple[str, str]]  # what each allowed action does, in Korean and English

    @property
    def actions(self) -> tuple[Action, ...]:
        return tuple(self.does)


_DROP = ("해당 행을 제외합니다.", "The rows are left out.")
_KEEP = ("그대로 둡니다.", "The rows are kept as they are.")

SALES_RULES: tuple[Rule, ...] = (
    Rule("exact_duplicates", "완전히 같은 중복 행", "Exact duplicate rows", Action.drop,
         {Action.drop: ("첫 행만 남기고 중복을 제외합니다.", "The first copy is kept, the repeats are left out."),
          Action.keep: ("중복도 모두 판매로 셉니다.", "Every copy counts as a sale.")}),
    Rule("missing_required", "필수 값 누락(날짜·상품·수량)", "Missing date, product or quantity", Action.drop,
         {Action.drop: _DROP}),
    Rule("unparseable_date", "날짜로 읽을 수 없는 값", "Dates that cannot be read", Action.drop, {Action.drop: _DROP}),
    Rule("mixed_date_formats", "여러 날짜 형식이 섞임", "Mixed date formats", Action.fix,
         {Action.fix: ("각 값을 그 형식대로 읽어 하나의 날짜로 맞춥니다.", "Each value is read in its own format."),
          Action.drop: ("주된 형식이 아닌 행을 제외합니다.", "Rows not in the main format are left out.")}),
    Rule("future_date", "미래 날짜", "Dates in the future", Action.drop,
         {Action.drop: _DROP, Action.keep: _KEEP}),
    Rule("non_numeric_quantity", "숫자가 아닌 수량(예: '3개', '1.5')", "Quantities that are not whole numbers",
         Action.fix,
         {Action.fix: ("숫자만 읽어 정수로 반올림합니다(숫자가 없으면 제외).",
                       "The number is read and rounded to a whole number (rows without one are left out)."),
          Action.drop: _DROP}),
    Rule("cancellations", "취소·반품 주문", "Cancellations and returns", Action.drop,
         {Action.drop: ("판매에서 제외합니다.", "They are not counted as sales."),
          Action.keep: ("수량을 그대로(음수면 차감으로) 반영합니다.", "Their quantities count as they are (negative ones net off).")}),
    Rule("negative_quantity", "음수 수량(취소 외)", "Negative quantities (not cancellations)", Action.drop,
         {Action.drop: _DROP, Action.keep: ("판매량에서 차감합니다.", "They are subtracted from sales.")}),
    Rule("non_product", "상품이 아닌 행(배송비·수수료 등)", "Non-product lines (postage, fees, …)", Action.drop,
         {Action.drop: _DROP, Action.keep: ("상품처럼 판매로 셉니다.", "They count as product sales.")}),
    Rule("sku_variants", "대소문자·공백만 다른 상품코드", "Product codes differing only in case or spacing", Action.fix,
         {Action.fix: ("하나의 코드로 합칩니다(상품 마스터의 코드 우선).",
                       "They are merged into one code (the product master's, if it has one)."),
          Action.keep: ("서로 다른 상품으로 둡니다.", "They stay separate products.")}),
    Rule("unknown_sku", "상품 마스터에 없는 상품", "Products not in the product master", Action.fix,
         {Action.fix: ("새 상품으로 등록합니다.", "They are registered as new products."), Action.drop: _DROP}),
    Rule("outliers", "이상치(평소보다 매우 큰 수량)", "Outliers (far larger than usual)", Action.keep,
         {Action.keep: _KEEP,
          Action.fix: ("그 상품의 상한값으로 낮춥니다.", "They are capped at the product's usual upper bound."),
          Action.drop: _DROP}),
    Rule("missing_customer", "구매자 ID 없음", "Missing customer ID", Action.keep,
         {Action.keep: ("판매로 셉니다(구매자 정보는 저장하지 않습니다).", "They count as sales (customer data is not stored)."),
          Action.drop: _DROP}),
    Rule("already_applied", "이미 반영된 날짜의 판매", "Sales on days already applied", Action.drop,
         {Action.drop: ("이미 반영된 상품·채널·날짜는 건너뜁니다(이중 집계 방지).",
                        "Product/channel/days already in the history are skipped (no double counting)."),
          Action.keep: ("기존 판매에 더합니다.", "They are added to the existing sales.")}),
)

STOCK_RULES: tuple[Rule, ...] = (
    Rule("row_errors", "오류가 있는 행", "Rows with errors", Action.drop,
         {Action.drop: ("오류를 고치기 전에는 아무것도 반영하지 않습니다.", "Nothing is applied until the errors are fixed.")}),
    Rule("empty_rows", "입고량·출고량이 비어 있는 행", "Rows without inbound or outbound", Action.drop,
         {Action.drop: ("건너뜁니다.", "They are skipped.")}),
    Rule("stale_template", "양식 이후 바뀐 상품 정보", "Products changed since the template was made", Action.keep,
         {Action.keep: ("마스터 SKU로 현재 상품에 반영합니다.", "They are applied to the current product by master SKU.")}),
)

RULES = {r.id: r for r in (*SALES_RULES, *STOCK_RULES)}

# Lines that are not goods: postage, fees, discounts. Codes as used by common shop exports
# (Online Retail's POST, DOT, M, …) and names starting with these words.
NON_PRODUCT_CODES = frozenset({
    "POST", "DOT", "M", "C2", "CRUK", "D", "S", "B", "BANK CHARGES", "AMAZONFEE", "PADS", "ADJUST", "ADJUST2",
    "배송비", "택배비", "수수료",
})
NON_PRODUCT_CODE_PREFIXES = ("GIFT_", "TEST")
NON_PRODUCT_NAME = (
    r"(?i)^\s*(배송비|택배비|운임|추가\s*배송비|도서산간|수수료|포장비|할인|쿠폰|적립금|postage|dotcom postage|carriage|"
    r"bank charges|amazon fee|discount|manual|samples?|adjust bad debt|cruk commission)\b"
)
CANCELLED_STATUS = r"(?i)(취소|반품|환불|cancel|return|refund)"
CANCELLED_ORDER_ID = r"^[Cc]\d"  # invoice numbers of cancellations in many shop exports (e.g. C536379)
TRUTHY = ("y", "yes", "true", "1", "o", "예", "있음", "행사", "프로모션")
