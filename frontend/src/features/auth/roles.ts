import type { Role } from "../../client/types";

/** What each role may do in the UI (the backend enforces the same rules). */
export const permissions = {
  /** products, suppliers, sets, channel SKUs, import */
  writeCatalog: (role: Role) => role === "owner" || role === "manager",
  /** stock movements and undo */
  moveStock: (role: Role) => role === "owner" || role === "manager" || role === "staff",
  /** uploads: send files, correct mappings and rule actions, apply, undo, delete */
  upload: (role: Role) => role === "owner" || role === "manager" || role === "staff",
  /** forecasts: start a run, override a product's forecast, withdraw an override */
  forecast: (role: Role) => role === "owner" || role === "manager" || role === "staff",
  viewAudit: (role: Role) => role === "owner" || role === "manager",
  manageMembers: (role: Role) => role === "owner",
  editSettings: (role: Role) => role === "owner",
} as const;

export type Permission = keyof typeof permissions;

export function can(role: Role | undefined | null, permission: Permission): boolean {
  return !!role && permissions[permission](role);
}

export const ROLES: readonly Role[] = ["owner", "manager", "staff", "viewer"];
