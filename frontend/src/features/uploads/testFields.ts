import type { UploadField } from "../../client/types";

/** The fields the tests' reports use, as GET /api/uploads/fields returns them. */
export const TEST_FIELDS: UploadField[] = [
  { key: "sku", ko: "상품코드(SKU)", en: "Product code (SKU)", personal: false, multiple: false },
  { key: "inbound", ko: "입고량", en: "Inbound quantity", personal: false, multiple: false },
  { key: "outbound", ko: "출고량", en: "Outbound quantity", personal: false, multiple: false },
  { key: "quantity", ko: "수량", en: "Quantity", personal: false, multiple: false },
  { key: "memo", ko: "메모", en: "Memo", personal: false, multiple: true },
  { key: "phone", ko: "전화번호(개인정보)", en: "Phone (personal data)", personal: true, multiple: true },
];
