import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router-dom";

/**
 * Filters kept in the URL query string. `keys` lists the parameters this view owns; changing any
 * filter other than `pageKey` resets `pageKey` to the first page. Pass `keys` as a module-level
 * constant so it is stable between renders.
 */
export function useUrlFilters<K extends string>(keys: readonly K[], pageKey?: K) {
  const [params, setParams] = useSearchParams();
  const values = useMemo(() => {
    const out = {} as Record<K, string>;
    for (const k of keys) out[k] = params.get(k) ?? "";
    return out;
  }, [params, keys]);

  const update = useCallback(
    (changes: Partial<Record<K, string | number | null | undefined>>) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          let resetPage = false;
          for (const [k, v] of Object.entries(changes) as [K, string | number | null | undefined][]) {
            if (v === null || v === undefined || v === "") next.delete(k);
            else next.set(k, String(v));
            if (k !== pageKey) resetPage = true;
          }
          if (resetPage && pageKey && !(pageKey in changes)) next.delete(pageKey);
          return next;
        },
        { replace: true },
      );
    },
    [setParams, pageKey],
  );

  return [values, update] as const;
}

/** A positive page number from a query-string value. */
export function pageFrom(value: string): number {
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) && n > 0 ? n : 1;
}

/** Drop empty values so they are not sent as `?q=`. */
export function compact<T extends Record<string, unknown>>(obj: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v !== "" && v !== null && v !== undefined) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}
