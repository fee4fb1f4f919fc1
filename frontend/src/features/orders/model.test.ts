import { describe, expect, it } from "vitest";
import {
  allowedActions,
  canManage,
  canOperate,
  filenameFrom,
  formatMoney,
  formatPercent,
  formatQuantity,
  quantityDelta,
  statusFilter,
} from "./model";

describe("what each role may do to an order", () => {
  it("a draft: staff edit and cancel, managers and the owner also approve", () => {
    expect(allowedActions("draft", "staff")).toEqual(["edit", "cancel"]);
    expect(allowedActions("draft", "manager")).toEqual(["edit", "approve", "cancel"]);
    expect(allowedActions("draft", "owner")).toEqual(["edit", "approve", "cancel"]);
  });

  it("approved and sent orders: cancelling takes a manager", () => {
    expect(allowedActions("approved", "staff")).toEqual(["send", "receive"]);
    expect(allowedActions("approved", "manager")).toEqual(["send", "receive", "cancel"]);
    expect(allowedActions("sent", "staff")).toEqual(["receive"]);
    expect(allowedActions("sent", "owner")).toEqual(["receive", "cancel"]);
  });

  it("closing a partly received order takes a manager; a received one any operator", () => {
    expect(allowedActions("partly_received", "staff")).toEqual(["receive"]);
    expect(allowedActions("partly_received", "manager")).toEqual(["receive", "close"]);
    expect(allowedActions("received", "staff")).toEqual(["close"]);
  });

  it("closed and cancelled orders are final; viewers do nothing", () => {
    for (const role of ["owner", "manager", "staff"] as const) {
      expect(allowedActions("closed", role)).toEqual([]);
      expect(allowedActions("cancelled", role)).toEqual([]);
    }
    for (const status of ["draft", "approved", "sent", "partly_received", "received"] as const) {
      expect(allowedActions(status, "viewer")).toEqual([]);
    }
    expect(allowedActions("draft", undefined)).toEqual([]);
  });

  it("operators and managers", () => {
    expect([canOperate("viewer"), canOperate("staff"), canOperate("manager")]).toEqual([false, true, true]);
    expect([canManage("staff"), canManage("manager"), canManage("owner")]).toEqual([false, true, true]);
  });
});

describe("the list's status filter", () => {
  it("maps the URL value to the API's list", () => {
    expect(statusFilter("")).toEqual({ key: "" });
    expect(statusFilter("bogus")).toEqual({ key: "" });
    expect(statusFilter("sent")).toEqual({ key: "sent", statuses: ["sent"] });
    expect(statusFilter("open")).toEqual({ key: "open", statuses: ["draft", "approved", "sent", "partly_received"] });
  });
});

describe("formatting", () => {
  it("money in won from the API's decimal strings", () => {
    expect(formatMoney("2075500.00", "ko")).toBe("₩2,075,500");
    expect(formatMoney("5980", "en")).toBe("₩5,980");
    expect(formatMoney(null, "ko")).toBe("—");
    expect(formatMoney("", "ko")).toBe("—");
  });

  it("quantities and shares", () => {
    expect(formatQuantity(1234.56, "ko")).toBe("1,234.6");
    expect(formatQuantity(26, "en", 0)).toBe("26");
    expect(formatQuantity(null, "en")).toBe("—");
    expect(formatQuantity(Number.NaN, "en")).toBe("—");
    expect(formatPercent(0.95, "ko")).toBe("95.0%");
    expect(formatPercent(0.9876, "en", 2)).toBe("98.76%");
    expect(formatPercent(undefined, "en")).toBe("—");
  });

  it("the final quantity against the AI's proposal", () => {
    expect(quantityDelta(100, 120)).toBe(20);
    expect(quantityDelta(100, 100)).toBe(0);
    expect(quantityDelta(null, 50)).toBeNull();
  });

  it("the downloaded file's name", () => {
    expect(filenameFrom("attachment; filename*=UTF-8''PO-20261204-0001.xlsx", "x.xlsx")).toBe("PO-20261204-0001.xlsx");
    expect(filenameFrom("attachment; filename*=UTF-8''%EB%B0%9C%EC%A3%BC.xlsx", "x.xlsx")).toBe("발주.xlsx");
    expect(filenameFrom('attachment; filename="a.xlsx"', "x.xlsx")).toBe("a.xlsx");
    expect(filenameFrom(null, "x.xlsx")).toBe("x.xlsx");
  });
});
