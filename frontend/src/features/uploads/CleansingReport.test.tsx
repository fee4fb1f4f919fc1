import { afterEach, describe, expect, it, vi } from "vitest";
import { act, fireEvent, render, screen, within } from "@testing-library/react";
import { setLanguage } from "../../i18n";
import type { Report } from "../../client/types";
import { CleansingReport } from "./CleansingReport";
import { TEST_FIELDS } from "./testFields";

const FIELDS = TEST_FIELDS;

/** A stock file with one unknown SKU and one blank-value row (typed: a contract change breaks the build). */
const REPORT: Report = {
  file: { name: "stock.csv", format: "csv", encoding: "utf-8", sheet: null, header_line: 1, rows: 3, columns: 2 },
  kind: "stock",
  kind_confidence: 0.9,
  channel: null,
  columns: [
    { column: "품번", field: "sku", confidence: 0.95, basis: "header", samples: ["BA-0001", "ZZ"] },
    { column: "입고", field: "inbound", confidence: 0.95, basis: "header", samples: ["10", "5"] },
  ],
  columns_order: ["품번", "입고"],
  missing_fields: [],
  pii: [],
  rows_read: 3,
  rows_kept: 1,
  quality: 0.3333,
  rules: [
    {
      id: "row_errors", title: { ko: "오류가 있는 행", en: "Rows with errors" }, count: 1, action: "drop", actions: ["drop"],
      does: { ko: "반영하지 않습니다", en: "Nothing is applied" }, detail: {},
      examples: [{ line: 3, values: { sku: "ZZ", inbound: 5 }, message: { ko: "없는 SKU입니다: ZZ", en: "Unknown SKU: ZZ" } }],
    },
    {
      id: "blank_quantity", title: { ko: "수량이 빈 행", en: "Blank quantity" }, count: 1, action: "drop", actions: ["drop", "keep"],
      does: { ko: "행을 뺍니다", en: "Drops the row" }, detail: {},
      examples: [{ line: 4, values: { sku: "BA-0002", inbound: null } }],
    },
  ],
  errors: [{ line: 3, field: "sku", value: "ZZ", message: "없는 SKU입니다: ZZ", message_en: "Unknown SKU: ZZ" }],
  summary: { movements: 1, inbound: 10, outbound: 0, products: 1 },
  blocking: true,
  remembered_layout: false,
};

function renderReport() {
  return render(
    <CleansingReport report={REPORT} fields={FIELDS} downloads={null} chosenActions={{ blank_quantity: "keep" }} canEdit
      onAction={vi.fn()} actionPending={false} actionError={null} />,
  );
}

afterEach(() => act(() => setLanguage("ko", false)));

describe("cleansing report", () => {
  it("shows a row-error example's values and message in the UI language", () => {
    renderReport();
    expect(screen.getByTestId("summary-inbound")).toHaveTextContent("+10");
    expect(screen.getByTestId("rule-action-blank_quantity")).toHaveValue("keep");
    fireEvent.click(screen.getByTestId("rule-examples-toggle-row_errors"));
    const examples = screen.getByTestId("rule-examples-row_errors");
    expect(examples).toHaveTextContent("상품코드(SKU) ZZ");
    expect(examples).toHaveTextContent("입고량 5");
    expect(within(examples).getByTestId("rule-example-message")).toHaveTextContent("없는 SKU입니다: ZZ");

    act(() => setLanguage("en", false));
    expect(within(screen.getByTestId("rule-examples-row_errors")).getByTestId("rule-example-message")).toHaveTextContent(
      "Unknown SKU: ZZ",
    );
    expect(within(screen.getByTestId("row-errors")).getByTestId("row-error")).toHaveTextContent("Unknown SKU: ZZ");
  });

  it("shows an empty value as ∅ and no message where the example has none", () => {
    renderReport();
    fireEvent.click(screen.getByTestId("rule-examples-toggle-blank_quantity"));
    const examples = screen.getByTestId("rule-examples-blank_quantity");
    expect(examples).toHaveTextContent("입고량 ∅");
    expect(within(examples).queryByTestId("rule-example-message")).not.toBeInTheDocument();
  });
});
