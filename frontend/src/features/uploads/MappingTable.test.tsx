import { useState } from "react";
import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/react";
import type { MappingBody, Report } from "../../client/types";
import { MappingTable } from "./MappingTable";
import { initialMapping, isMappingDirty, toMappingBody, type MappingForm } from "./model";
import { TEST_FIELDS } from "./testFields";

const FIELDS = TEST_FIELDS;

/** The table only reads the report's columns. */
const report: Pick<Report, "columns"> = {
  columns: [
    { column: "품번", field: "sku", confidence: 0.95, basis: "header", samples: ["BA-0001"] },
    { column: "X열", field: "quantity", confidence: 0.5, basis: "content", samples: ["3"] },
  ],
};

function Harness({ onSave }: { onSave: (body: MappingBody) => void }) {
  const initial: MappingForm = { kind: "stock", columns: initialMapping(report), channel: "", remember: true };
  const [form, setForm] = useState(initial);
  return (
    <MappingTable report={report} fields={FIELDS} form={form} initial={initial} dirty={isMappingDirty(form, initial)}
      onChange={setForm} onSave={() => onSave(toMappingBody(form))} saving={false} saveError={null} canEdit />
  );
}

describe("mapping table", () => {
  it("lets the user correct a column and saves the whole mapping", () => {
    const onSave = vi.fn();
    render(<Harness onSave={onSave} />);
    expect(screen.getByTestId("mapping-table")).toBeInTheDocument();
    expect(screen.getByTestId("mapping-select-X열")).toHaveValue("quantity");
    expect(screen.getByTestId("mapping-remember")).toBeChecked();
    // a stock file without inbound or outbound is missing a required field
    expect(screen.getByTestId("mapping-missing")).toHaveTextContent("입고량 또는 출고량");

    fireEvent.change(screen.getByTestId("mapping-select-X열"), { target: { value: "outbound" } });
    expect(screen.queryByTestId("mapping-missing")).not.toBeInTheDocument();
    expect(screen.getByTestId("mapping-dirty")).toBeInTheDocument();
    fireEvent.click(screen.getByTestId("mapping-save"));
    expect(onSave).toHaveBeenCalledWith({ kind: "stock", columns: { 품번: "sku", X열: "outbound" }, channel: null, remember: true });
  });

  it("refuses to save one field on two columns", () => {
    render(<Harness onSave={vi.fn()} />);
    fireEvent.change(screen.getByTestId("mapping-select-X열"), { target: { value: "sku" } });
    expect(screen.getByTestId("mapping-duplicates")).toHaveTextContent("상품코드(SKU)");
    expect(screen.getByTestId("mapping-save")).toBeDisabled();
  });
});
