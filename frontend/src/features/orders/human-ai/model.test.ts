import { describe, expect, it } from "vitest";
import type { HumanAiLine } from "../types";
import { filterLines } from "./model";

const line = (id: number, verdict: HumanAiLine["verdict"], proposed: number, final: number) =>
  ({ line_id: id, verdict, proposed_quantity: proposed, final_quantity: final }) as HumanAiLine;
const LINES = [line(1, "human", 10, 20), line(2, "ai", 10, 30), line(3, "same", 10, 10), line(4, "pending", 10, 10)];

describe("Human–AI filters", () => {
  it("by verdict and by a person's change", () => {
    expect(filterLines(LINES, "", false).map((l) => l.line_id)).toEqual([1, 2, 3, 4]);
    expect(filterLines(LINES, "ai", false).map((l) => l.line_id)).toEqual([2]);
    expect(filterLines(LINES, "", true).map((l) => l.line_id)).toEqual([1, 2]);
    expect(filterLines(LINES, "pending", true)).toEqual([]);
    expect(filterLines(LINES, "bogus", false)).toHaveLength(4);
  });
});
