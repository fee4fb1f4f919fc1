import type { Middleware } from "openapi-fetch";

export const CSRF_COOKIE = "smartstock_csrf";
export const CSRF_HEADER = "X-CSRF-Token";
const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Read one cookie by name from a `document.cookie`-style string. */
export function readCookie(name: string, cookieString: string): string | null {
  for (const part of cookieString.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      return decodeURIComponent(part.slice(eq + 1).trim());
    }
  }
  return null;
}

/** Adds `X-CSRF-Token` (from the `smartstock_csrf` cookie) to state-changing requests. */
export function csrfMiddleware(getCookies: () => string = () => document.cookie): Middleware {
  return {
    onRequest({ request }) {
      if (!UNSAFE_METHODS.has(request.method.toUpperCase())) return undefined;
      const token = readCookie(CSRF_COOKIE, getCookies());
      if (token) request.headers.set(CSRF_HEADER, token);
      return request;
    },
  };
}

/** Sends `Accept-Language` with the current UI language so API errors come back localized. */
export function languageMiddleware(getLanguage: () => string): Middleware {
  return {
    onRequest({ request }) {
      request.headers.set("Accept-Language", getLanguage());
      return request;
    },
  };
}

/** Public auth endpoints whose 401 means "wrong credentials", not "session expired". */
const NO_REDIRECT_PATHS = ["/api/auth/login", "/api/auth/signup", "/api/auth/password"];

/** Calls `onUnauthorized` on any 401 (except for the login/signup/password calls themselves). */
export function unauthorizedMiddleware(onUnauthorized: () => void): Middleware {
  return {
    onResponse({ request, response }) {
      if (response.status !== 401) return undefined;
      const path = new URL(request.url, "http://localhost").pathname;
      if (!NO_REDIRECT_PATHS.includes(path)) onUnauthorized();
      return undefined;
    },
  };
}
