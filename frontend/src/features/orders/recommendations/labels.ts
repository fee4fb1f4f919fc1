import { isMessageKey, type TFunction } from "../../../i18n";

/** A catalogue text for `prefix.value` (e.g. a warning code), or the value itself when unknown. */
export function codeLabel(t: TFunction, prefix: string, value: string): string {
  const key = `${prefix}.${value}`;
  return isMessageKey(key) ? t(key) : value;
}

export function warningText(code: string, t: TFunction): string {
  return codeLabel(t, "orders.warning", code);
}
