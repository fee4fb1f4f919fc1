/** Pure helpers of the scenarios tab (tested in model.test.ts). */
import type { CurvePoint, PolicyKey, ScenarioPolicy } from "../types";

export const POLICY_KEYS: readonly PolicyKey[] = ["smartstock", "coverage", "minmax"];
export const POLICY_COLORS: Record<PolicyKey, string> = { smartstock: "#0369a1", coverage: "#d97706", minmax: "#7c3aed" };

export type CurveRow = { target: number } & Partial<Record<PolicyKey, number | null>>;

/** One row per fill-rate target with each policy's average inventory (null: the policy misses it). */
export function curveRows(curve: readonly CurvePoint[]): CurveRow[] {
  const byTarget = new Map<number, CurveRow>();
  for (const p of curve) {
    const target = Math.round(p.fill_rate_target * 10_000) / 10_000;
    const row = byTarget.get(target) ?? { target };
    row[p.key] = p.reached ? p.avg_inventory_units : null;
    byTarget.set(target, row);
  }
  return [...byTarget.values()].sort((a, b) => a.target - b.target);
}

/**
 * How much less inventory SmartStock's policy needs than the best baseline for the same fill-rate
 * target (0.25 = 25 % less); null when a side misses the target or the target is not on the curve.
 */
export function inventorySaving(curve: readonly CurvePoint[], target: number): number | null {
  const at = curve.filter((p) => Math.abs(p.fill_rate_target - target) < 1e-6 && p.reached && p.avg_inventory_units !== null);
  const ours = at.find((p) => p.key === "smartstock")?.avg_inventory_units;
  const baselines = at.filter((p) => p.key !== "smartstock").map((p) => p.avg_inventory_units as number);
  if (ours === undefined || ours === null || baselines.length === 0) return null;
  const best = Math.min(...baselines);
  return best > 0 ? 1 - ours / best : null;
}

export type MetricKey = "fill_rate" | "stockout_rate" | "avg_inventory_units" | "avg_inventory_value" | "days_of_supply" | "holding_cost" | "orders";
export const METRICS: readonly MetricKey[] = [
  "fill_rate", "stockout_rate", "avg_inventory_units", "avg_inventory_value", "days_of_supply", "holding_cost", "orders",
];
/** Higher is better for the fill rate; lower for the others (less stock, fewer stockouts). */
const HIGHER_IS_BETTER: Record<MetricKey, boolean> = {
  fill_rate: true, stockout_rate: false, avg_inventory_units: false, avg_inventory_value: false,
  days_of_supply: false, holding_cost: false, orders: false,
};

/** The policy with the best value of `metric` (none when fewer than two have a value or all tie). */
export function bestPolicy(policies: readonly ScenarioPolicy[], metric: MetricKey): PolicyKey | null {
  const valued = policies.filter((p) => p[metric] !== null && p[metric] !== undefined);
  if (valued.length < 2) return null;
  const sign = HIGHER_IS_BETTER[metric] ? -1 : 1;
  const sorted = [...valued].sort((a, b) => sign * ((a[metric] as number) - (b[metric] as number)));
  return sorted[0][metric] === sorted[1][metric] ? null : sorted[0].key;
}
