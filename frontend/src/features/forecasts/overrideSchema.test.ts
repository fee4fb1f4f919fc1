import { describe, expect, it } from "vitest";
import { translate } from "../../i18n";
import { overrideFormSchema, toOverrideBody, type OverrideFormValues } from "./overrideSchema";

const base: OverrideFormValues = { start_date: "2026-12-01", end_date: "2026-12-07", quantity: "12.5", reason: "홈쇼핑 방송" };
const errorsOf = (v: OverrideFormValues) => {
  const r = overrideFormSchema.safeParse(v);
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
};

describe("override form rules", () => {
  it("accepts a valid period, quantity and reason", () => {
    expect(errorsOf(base)).toEqual({});
    expect(errorsOf({ ...base, end_date: base.start_date, quantity: "0" })).toEqual({});
    expect(toOverrideBody(7, { ...base, reason: "  방송  ", quantity: " 1,200 " })).toEqual({
      product_id: 7, start_date: "2026-12-01", end_date: "2026-12-07", quantity: "1200", reason: "방송",
    });
  });

  it("rejects an end date before the start date", () => {
    expect(errorsOf({ ...base, end_date: "2026-11-30" })).toEqual({ end_date: "forecasts.validation.endBeforeStart" });
  });

  it("rejects a period over a year", () => {
    expect(errorsOf({ ...base, end_date: "2028-01-01" }).end_date).toBe("forecasts.validation.periodTooLong");
  });

  it("requires a reason (blank is not one)", () => {
    expect(errorsOf({ ...base, reason: "" }).reason).toBe("forecasts.validation.reasonRequired");
    expect(errorsOf({ ...base, reason: "   " }).reason).toBe("forecasts.validation.reasonRequired");
    expect(errorsOf({ ...base, reason: "x".repeat(501) }).reason).toBe("validation.tooLong");
  });

  it("rejects a negative, non-numeric or over-precise quantity", () => {
    expect(errorsOf({ ...base, quantity: "-1" }).quantity).toBe("forecasts.validation.quantity");
    expect(errorsOf({ ...base, quantity: "" }).quantity).toBe("forecasts.validation.quantity");
    expect(errorsOf({ ...base, quantity: "abc" }).quantity).toBe("forecasts.validation.quantity");
    expect(errorsOf({ ...base, quantity: "1.234" }).quantity).toBe("forecasts.validation.quantity");
  });

  it("requires both dates", () => {
    expect(errorsOf({ ...base, start_date: "" }).start_date).toBe("validation.date");
  });

  it("has Korean and English messages for every rule", () => {
    for (const key of [
      "forecasts.validation.endBeforeStart",
      "forecasts.validation.periodTooLong",
      "forecasts.validation.reasonRequired",
      "forecasts.validation.quantity",
    ] as const) {
      expect(translate("ko", key)).not.toBe(translate("en", key));
    }
    expect(translate("ko", "forecasts.validation.endBeforeStart")).toBe("종료일이 시작일보다 앞설 수 없습니다.");
  });
});
