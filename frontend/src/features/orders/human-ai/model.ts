import type { HumanAiLine, Verdict } from "../types";

export const VERDICTS: readonly Verdict[] = ["human", "ai", "same", "pending"];
export const VERDICT_TONES: Record<Verdict, "success" | "info" | "neutral" | "warning"> = {
  human: "success", ai: "info", same: "neutral", pending: "warning",
};

export function isVerdict(value: string): value is Verdict {
  return (VERDICTS as readonly string[]).includes(value);
}

/** The lines the URL's filters keep: a verdict, and/or only the lines a person changed. */
export function filterLines(lines: readonly HumanAiLine[], verdict: string, changedOnly: boolean): HumanAiLine[] {
  return lines.filter((l) => (!isVerdict(verdict) || l.verdict === verdict) && (!changedOnly || l.final_quantity !== l.proposed_quantity));
}
