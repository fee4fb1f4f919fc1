export interface DiffRow {
  key: string;
  before: unknown;
  after: unknown;
  changed: boolean;
}

type Obj = Record<string, unknown> | null | undefined;

/** Field-by-field comparison of an audit entry's before/after snapshots, changed fields first. */
export function diffObjects(before: Obj, after: Obj): DiffRow[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const rows = [...keys].map((key) => {
    const b = before ? before[key] : undefined;
    const a = after ? after[key] : undefined;
    return { key, before: b, after: a, changed: JSON.stringify(b) !== JSON.stringify(a) };
  });
  return rows.sort((x, y) => Number(y.changed) - Number(x.changed) || x.key.localeCompare(y.key));
}

export function showValue(v: unknown): string {
  if (v === undefined) return "";
  if (v === null) return "null";
  if (typeof v === "string") return v;
  return JSON.stringify(v, null, 1);
}
