import { describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import * as api from "../api";
import type { HumanAiReport } from "../types";
import { HumanAiView } from "./HumanAiView";

vi.mock("../api", async (importOriginal) => ({ ...(await importOriginal<typeof api>()), useHumanAi: vi.fn() }));

/** Typed: a change in the API contract breaks this test's build. */
const REPORT: HumanAiReport = {
  as_of: "2026-12-04", lines: [],
  summary: { lines: 6, changed: 6, human_better: 5, ai_better: 1, pending: 0, forecast_wape: 0.3 },
  lessons: [{
    category: "욕실", decided: 6, human_better: 5, ai_better: 1, mean_change: 0.3, winner: "human",
    message_ko: "'욕실'에서 사람이 AI 제안을 평균 30% 늘려 바꾼 6건 중 5건이 더 나았습니다.", message_en: "In '욕실', people raised …",
  }],
};

const respond = (report: HumanAiReport) =>
  vi.mocked(api.useHumanAi).mockReturnValue(
    { data: report, error: null, isPending: false, refetch: vi.fn() } as unknown as ReturnType<typeof api.useHumanAi>);

describe("human vs AI", () => {
  it("says what people's changes teach, per category", () => {
    respond(REPORT);
    render(<MemoryRouter><HumanAiView /></MemoryRouter>);
    expect(screen.getByTestId("human-ai-lesson")).toHaveTextContent("6건 중 5건이 더 나았습니다");
  });

  it("has no lessons section while there is nothing to learn", () => {
    respond({ ...REPORT, lessons: [] });
    render(<MemoryRouter><HumanAiView /></MemoryRouter>);
    expect(screen.queryByTestId("human-ai-lessons")).toBeNull();
  });
});
