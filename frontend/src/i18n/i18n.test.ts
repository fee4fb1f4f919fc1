import { describe, expect, it } from "vitest";
import { ko } from "./ko";
import { en } from "./en";
import { translate } from "./index";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("message catalogues", () => {
  it("have identical keys", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ko).sort());
  });

  it("use the same placeholders in both languages", () => {
    for (const key of Object.keys(ko) as (keyof typeof ko)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(ko[key]));
    }
  });

  it("have no empty messages", () => {
    for (const [key, value] of [...Object.entries(ko), ...Object.entries(en)]) {
      expect(value.trim(), key).not.toBe("");
    }
  });

  it("uses the product glossary in Korean", () => {
    expect(ko["product.masterSku"]).toBe("마스터 SKU");
    expect(ko["product.playautoSku"]).toBe("플레이오토 SKU");
    expect(ko["product.safetyStock"]).toBe("안전재고");
    expect(ko["reason.inbound"]).toBe("입고");
    expect(ko["reason.outbound"]).toBe("출고");
  });

  it("fills placeholders", () => {
    expect(translate("ko", "pagination.summary", { total: 120, from: 51, to: 100 })).toBe("총 120건 중 51–100");
    expect(translate("en", "pagination.summary", { total: 120, from: 51, to: 100 })).toBe("51–100 of 120");
  });
});
