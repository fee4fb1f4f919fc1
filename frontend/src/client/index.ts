import createClient, { type ClientOptions } from "openapi-fetch";
import type { paths } from "./schema";
import { csrfMiddleware, languageMiddleware, unauthorizedMiddleware } from "./middleware";
import { getLanguage } from "../i18n/store";
import { ApiError } from "../lib/errors";

export type { paths, components } from "./schema";

let unauthorizedHandler: () => void = () => {};
/** The app registers what to do on a 401 (clear caches, go to /login). */
export function setUnauthorizedHandler(handler: () => void): void {
  unauthorizedHandler = handler;
}

export interface ApiClientOptions {
  baseUrl?: string;
  fetch?: ClientOptions["fetch"];
  getCookies?: () => string;
  getLanguage?: () => string;
  onUnauthorized?: () => void;
}

/** Builds a typed client; `api` below is the app's instance (same origin, cookie session). */
export function createApiClient(options: ApiClientOptions = {}) {
  const client = createClient<paths>({
    baseUrl: options.baseUrl ?? "",
    credentials: "same-origin",
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  client.use(
    languageMiddleware(options.getLanguage ?? getLanguage),
    csrfMiddleware(options.getCookies),
    unauthorizedMiddleware(options.onUnauthorized ?? (() => unauthorizedHandler())),
  );
  return client;
}

export const api = createApiClient();

type ApiResult<D> = { data?: D; error?: unknown; response: Response };

/** Resolves to the response data or throws an `ApiError` carrying the server's localized `detail`. */
export async function unwrap<D>(promise: Promise<ApiResult<D>>): Promise<D> {
  let result: ApiResult<D>;
  try {
    result = await promise;
  } catch (e) {
    throw ApiError.network(e);
  }
  const { data, error, response } = result;
  if (!response.ok) throw ApiError.fromBody(response.status, error);
  return data as D;
}
