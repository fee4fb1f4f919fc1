import type { MessageKey } from "../../i18n";
import type { Role } from "../../client/types";
import { can, type Permission } from "../auth/roles";

export interface NavItem {
  id: string;
  to: string;
  label: MessageKey;
  icon: string;
  /** Shown only to roles with this permission. */
  requires?: Permission;
}

export interface NavSection {
  label: MessageKey;
  items: NavItem[];
}

export const NAV: NavSection[] = [
  {
    label: "nav.sectionOperations",
    items: [
      { id: "dashboard", to: "/dashboard", label: "nav.dashboard", icon: "▦" },
      { id: "uploads", to: "/uploads", label: "nav.uploads", icon: "⇪" },
      { id: "forecasts", to: "/forecasts", label: "nav.forecasts", icon: "∿" },
      { id: "orders", to: "/orders", label: "nav.orders", icon: "☰" },
      { id: "alerts", to: "/alerts", label: "nav.alerts", icon: "◔" },
    ],
  },
  {
    label: "nav.sectionMaster",
    items: [
      { id: "products", to: "/products", label: "nav.products", icon: "▢" },
      { id: "stock", to: "/stock", label: "nav.stock", icon: "▤" },
    ],
  },
  {
    label: "nav.sectionAdmin",
    items: [
      { id: "audit", to: "/audit", label: "nav.audit", icon: "⟲", requires: "viewAudit" },
      { id: "members", to: "/members", label: "nav.members", icon: "☺", requires: "manageMembers" },
      { id: "settings", to: "/settings", label: "nav.settings", icon: "⚙" },
    ],
  },
];

/** The navigation visible to `role` (empty sections dropped). */
export function navFor(role: Role): NavSection[] {
  return NAV.map((s) => ({
    ...s,
    items: s.items.filter((i) => !i.requires || can(role, i.requires)),
  })).filter((s) => s.items.length > 0);
}
