import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import type { Role } from "../../client/types";
import { Sidebar } from "./Sidebar";
import { navFor } from "./nav";

function renderNav(role: Role) {
  return render(
    <MemoryRouter>
      <Sidebar role={role} />
    </MemoryRouter>,
  );
}

describe("role-based navigation", () => {
  it("shows Members to the owner", () => {
    renderNav("owner");
    expect(screen.getByTestId("nav-members")).toBeInTheDocument();
    expect(screen.getByTestId("nav-members")).toHaveTextContent("멤버");
  });

  it.each<Role>(["manager", "staff", "viewer"])("hides Members from %s", (role) => {
    renderNav(role);
    expect(screen.queryByTestId("nav-members")).not.toBeInTheDocument();
    expect(screen.getByTestId("nav-products")).toBeInTheDocument();
    expect(screen.getByTestId("nav-settings")).toBeInTheDocument();
  });

  it("shows the audit log to owner and manager only", () => {
    const has = (role: Role) => navFor(role).some((s) => s.items.some((i) => i.id === "audit"));
    expect([has("owner"), has("manager"), has("staff"), has("viewer")]).toEqual([true, true, false, false]);
  });
});
