import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { setLanguage } from "../../i18n";
import { useCreateOverride } from "./api";
import { OverrideForm } from "./OverridesPanel";

vi.mock("./api", async (importOriginal) => ({
  ...(await importOriginal<typeof import("./api")>()),
  useCreateOverride: vi.fn(),
}));

type Mutation = ReturnType<typeof useCreateOverride>;
const mutate = vi.fn();

beforeEach(() => {
  mutate.mockReset();
  vi.mocked(useCreateOverride).mockReturnValue({ mutate, isPending: false, isSuccess: false, error: null } as unknown as Mutation);
});
afterEach(() => act(() => setLanguage("ko", false)));

const fill = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });

describe("override form", () => {
  it("starts on the first forecast day for a week", () => {
    render(<OverrideForm productId={7} firstDay="2026-12-01" />);
    expect(screen.getByTestId("override-start")).toHaveValue("2026-12-01");
    expect(screen.getByTestId("override-end")).toHaveValue("2026-12-07");
  });

  it("shows the rules' messages and sends nothing when invalid", async () => {
    render(<OverrideForm productId={7} firstDay="2026-12-01" />);
    fill("override-end", "2026-11-30");
    fill("override-quantity", "-3");
    fireEvent.click(screen.getByTestId("override-submit"));
    expect(await screen.findByText("종료일이 시작일보다 앞설 수 없습니다.")).toBeInTheDocument();
    expect(screen.getByText("0 이상의 숫자를 입력하세요 (소수점 2자리까지).")).toBeInTheDocument();
    expect(screen.getByText("수정 사유를 입력하세요.")).toBeInTheDocument();
    expect(mutate).not.toHaveBeenCalled();

    act(() => setLanguage("en", false));
    expect(screen.getByText("The end date cannot be before the start date.")).toBeInTheDocument();
  });

  it("sends the override", async () => {
    render(<OverrideForm productId={7} firstDay="2026-12-01" />);
    fill("override-quantity", "20");
    fill("override-reason", "방송 편성");
    fireEvent.click(screen.getByTestId("override-submit"));
    await waitFor(() => expect(mutate).toHaveBeenCalledTimes(1));
    expect(mutate.mock.calls[0][0]).toEqual({
      product_id: 7, start_date: "2026-12-01", end_date: "2026-12-07", quantity: "20", reason: "방송 편성",
    });
  });
});
