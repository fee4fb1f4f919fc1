"""The fields an uploaded table can hold, the header names that announce them, and file kinds.

Header matching works on a normalised form (lower case, no spaces, underscores, dots or
brackets), so `구매수(수량)`, `Order Date` and `order_date` find their fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class FileKind(StrEnum):
    sales = "sales"  # sales or outbound history: date, SKU, quantity
    orders = "orders"  # a marketplace order export (Coupang, SmartStore, …): sales with personal data
    stock = "stock"  # inbound/outbound quantities per SKU, e.g. SmartStock's own template
    products = "products"  # a product master


class Pii(StrEnum):
    """Personal data kinds; every one is dropped or pseudonymised before anything is stored."""

    name = "name"
    phone = "phone"
    email = "email"
    address = "address"
    postal_code = "postal_code"
    customs_id = "customs_id"
    resident_number = "resident_number"
    account_id = "account_id"  # a buyer's marketplace or customer id: pseudonymised, not dropped


@dataclass(frozen=True)
class Field:
    key: str
    ko: str
    en: str
    synonyms: tuple[str, ...]
    pii: Pii | None = None


FIELDS: tuple[Field, ...] = (
    Field("date", "날짜", "Date", (
        "날짜", "일자", "일시", "주문일", "주문일자", "주문일시", "결제일", "결제일자", "결제일시", "판매일", "판매일자",
        "출고일", "출고일자", "발송일", "거래일", "거래일자", "매출일", "입출고일", "date", "orderdate", "invoicedate",
        "saledate", "salesdate", "day", "ds", "transactiondate", "orderedat", "paidat",
    )),
    Field("sku", "상품코드(SKU)", "Product code (SKU)", (
        "상품코드", "sku", "품번", "품번코드", "판매자상품코드", "업체상품코드", "자체상품코드", "상품관리코드", "관리코드",
        "마스터sku", "mastersku", "옵션관리코드", "판매자관리코드", "stockcode", "itemid", "item", "productcode",
        "productid", "itemcode", "skucode", "상품번호", "옵션id", "바코드",
    )),
    Field("playauto_sku", "플레이오토 SKU", "PlayAuto SKU", ("플레이오토sku", "playautosku", "플레이오토코드")),
    Field("name", "상품명", "Product name", (
        "상품명", "품명", "제품명", "등록상품명", "노출상품명", "노출상품명옵션명", "수집상품명", "확정상품명", "description",
        "productname", "itemname", "name",
    )),
    Field("option", "옵션", "Option", ("옵션정보", "옵션명", "등록옵션명", "옵션", "option", "variant")),
    Field("category", "카테고리", "Category", ("카테고리", "분류", "상품분류", "category", "catid", "deptid", "department")),
    Field("kind", "세트 유무", "Single/set", ("세트유무", "세트여부", "단품세트", "kind")),
    Field("quantity", "수량", "Quantity", (
        "수량", "판매수량", "판매량", "주문수량", "구매수수량", "구매수", "출고수량", "출고량", "qty", "quantity", "sales",
        "units", "unitssold", "sold", "수량개",
    )),
    Field("inbound", "입고량", "Inbound quantity", ("입고량", "입고수량", "입고", "inbound", "received", "inqty")),
    Field("outbound", "출고량", "Outbound quantity", ("출고", "outbound", "shipped", "outqty")),
    Field("revenue", "매출(금액)", "Revenue (amount)", (
        "결제금액", "결제액", "매출", "매출액", "판매금액", "판매액", "주문금액", "최종상품별총주문금액", "총주문금액",
        "amount", "revenue", "salesamount", "total", "linetotal",
    )),
    Field("unit_price", "판매 단가", "Unit price", (
        "판매가", "판매단가", "단가", "옵션판매가판매단가", "옵션판매가", "상품가격", "unitprice", "price", "sellprice",
    )),
    Field("channel", "판매 채널", "Sales channel", (
        "채널", "판매채널", "쇼핑몰", "마켓", "판매처", "몰", "channel", "marketplace", "storeid", "store", "shop",
    )),
    Field("order_id", "주문번호", "Order number", (
        "주문번호", "상품주문번호", "쇼핑몰주문번호", "사방넷주문번호", "invoiceno", "invoice", "orderid", "orderno",
        "ordernumber",
    )),
    Field("status", "주문 상태", "Order status", (
        "주문상태", "주문세부상태", "클레임상태", "취소여부", "상태", "status", "orderstatus",
    )),
    Field("promotion", "프로모션", "Promotion", ("프로모션", "행사", "할인행사", "promotion", "onpromotion", "promo")),
    Field("stock", "재고", "Stock on hand", ("재고", "재고수량", "현재고", "onhand", "stock", "inventory")),
    Field("use_by", "소비기한", "Use-by date", ("소비기한", "유통기한", "useby", "expiry", "expirydate", "bestbefore")),
    Field("memo", "메모", "Memo", ("메모", "비고", "memo", "note", "notes", "remark")),
    Field("customer_id", "구매자 ID", "Customer ID", (
        "customerid", "구매자id", "회원id", "회원번호", "고객번호", "고객id", "buyerid",
    ), pii=Pii.account_id),
    Field("customer_name", "이름(개인정보)", "Person's name (personal data)", (
        "구매자", "구매자명", "수취인", "수취인이름", "수취인명", "주문인", "주문자", "주문자명", "받는인", "받는분", "고객명",
        "customername", "recipient", "recipientname", "buyername",
    ), pii=Pii.name),
    Field("phone", "전화번호(개인정보)", "Phone (personal data)", (
        "전화번호", "연락처", "휴대폰", "핸드폰", "구매자전화번호", "구매자연락처", "수취인전화번호", "수취인연락처",
        "수취인연락처1", "수취인연락처2", "주문인핸드폰", "주문인연락처", "주문자연락처", "통관용구매자전화번호", "phone",
        "tel", "mobile", "phonenumber",
    ), pii=Pii.phone),
    Field("email", "이메일(개인정보)", "E-mail (personal data)", (
        "이메일", "구매자이메일", "email", "e-mail", "mail",
    ), pii=Pii.email),
    Field("address", "주소(개인정보)", "Address (personal data)", (
        "주소", "배송지", "수취인주소", "기본주소", "상세주소", "배송주소", "address", "shippingaddress",
    ), pii=Pii.address),
    Field("postal_code", "우편번호(개인정보)", "Postal code (personal data)", (
        "우편번호", "zipcode", "zip", "postcode", "postalcode",
    ), pii=Pii.postal_code),
    Field("customs_id", "개인통관부호(개인정보)", "Customs ID (personal data)", (
        "개인통관번호", "개인통관고유부호", "개인통관번호pccc", "pccc",
    ), pii=Pii.customs_id),
    Field("resident_number", "주민등록번호(개인정보)", "Resident number (personal data)", (
        "주민등록번호", "구매자주민등록번호",
    ), pii=Pii.resident_number),
)
FIELD_BY_KEY = {f.key: f for f in FIELDS}
PII_FIELDS = {f.key for f in FIELDS if f.pii}
# Fields several columns may hold at once (a memo and a remark; an order status and a claim status);
# every other field is one column.
MULTI_COLUMN_FIELDS = PII_FIELDS | {"memo", "status"}

# What each kind needs before it can be applied.
REQUIRED: dict[FileKind, tuple[tuple[str, ...], ...]] = {
    FileKind.sales: (("date",), ("sku", "name"), ("quantity",)),
    FileKind.orders: (("date",), ("sku", "name"), ("quantity",)),
    FileKind.stock: (("sku",), ("inbound", "outbound")),
    FileKind.products: (("sku",), ("name",)),
}

# Marketplace exports, recognised by columns only they have.
CHANNEL_SIGNATURES: dict[str, tuple[str, ...]] = {
    "coupang": ("묶음배송번호", "구매수수량", "옵션판매가판매단가", "등록옵션명", "노출상품id"),
    "smartstore": ("상품주문번호", "최종상품별총주문금액", "수수료과금구분", "정산예정금액", "구매자id"),
}
CHANNEL_VALUES: dict[str, tuple[str, ...]] = {
    "coupang": ("쿠팡", "coupang", "로켓그로스", "wing"),
    "smartstore": ("스마트스토어", "네이버", "smartstore", "naver", "스토어팜"),
    "own_mall": ("자사몰", "자사", "ownmall", "카페24", "cafe24", "고도몰", "아임웹", "homepage", "own"),
}
PRODUCT_MASTER_HINTS = ("리드타임", "leadtime", "moq", "최소주문수량", "안전재고", "제조사", "공급업체", "단가")

_NORMALISE = re.compile(r"[\s_\-./·()\[\]{}:#*]+")


def normalise_header(header: object) -> str:
    return _NORMALISE.sub("", str(header)).lower()


def channel_of(value: str) -> str | None:
    """'쿠팡' → coupang, 'Naver SmartStore' → smartstore; None when the value names no channel we know."""
    text = normalise_header(value)
    for channel, names in CHANNEL_VALUES.items():
        if any(name in text for name in names):
            return channel
    return None
