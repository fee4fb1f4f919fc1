import { describe, expect, it, vi } from "vitest";
import { createApiClient } from "./index";
import { readCookie } from "./middleware";

function setup(cookies = "", lang = "ko") {
  const seen: Request[] = [];
  const fetch = vi.fn(async (input: Request) => {
    seen.push(input);
    const body = input.method === "GET" ? JSON.stringify({ status: "ok" }) : null;
    const status = input.url.endsWith("/api/auth/logout") ? 204 : 200;
    return new Response(status === 204 ? null : (body ?? "{}"), {
      status,
      headers: { "Content-Type": "application/json" },
    });
  });
  const onUnauthorized = vi.fn();
  const client = createApiClient({
    baseUrl: "http://app.test",
    fetch,
    getCookies: () => cookies,
    getLanguage: () => lang,
    onUnauthorized,
  });
  return { client, seen, onUnauthorized };
}

describe("readCookie", () => {
  it("finds a cookie among others and decodes it", () => {
    expect(readCookie("smartstock_csrf", "a=1; smartstock_csrf=abc%3D%3D; b=2")).toBe("abc==");
    expect(readCookie("smartstock_csrf", "a=1")).toBeNull();
    expect(readCookie("smartstock_csrf", "")).toBeNull();
  });
});

describe("API client middleware", () => {
  it("adds X-CSRF-Token from the smartstock_csrf cookie to unsafe methods", async () => {
    const { client, seen } = setup("smartstock_session=zzz; smartstock_csrf=tok123");
    await client.POST("/api/auth/logout");
    await client.PATCH("/api/settings", { body: { allow_negative_stock: true } });
    await client.DELETE("/api/suppliers/{supplier_id}", { params: { path: { supplier_id: 1 } } });
    await client.PUT("/api/products/{product_id}/components", { params: { path: { product_id: 2 } }, body: [] });
    expect(seen).toHaveLength(4);
    for (const r of seen) expect(r.headers.get("X-CSRF-Token")).toBe("tok123");
  });

  it("does not send the CSRF header on GET", async () => {
    const { client, seen } = setup("smartstock_csrf=tok123");
    await client.GET("/api/health");
    expect(seen[0]!.headers.get("X-CSRF-Token")).toBeNull();
  });

  it("sends Accept-Language for the UI language and same-origin credentials", async () => {
    const { client, seen } = setup("", "en");
    await client.GET("/api/health");
    expect(seen[0]!.headers.get("Accept-Language")).toBe("en");
    expect(seen[0]!.credentials).toBe("same-origin");
  });

  it("reports a 401 except on the login call", async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ error: "unauthorized", detail: "로그인이 필요합니다." }), { status: 401 }));
    const onUnauthorized = vi.fn();
    const client = createApiClient({ baseUrl: "http://app.test", fetch, getCookies: () => "", onUnauthorized });
    await client.POST("/api/auth/login", { body: { email: "a@b.c", password: "x" } });
    expect(onUnauthorized).not.toHaveBeenCalled();
    await client.GET("/api/auth/me");
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });
});
