/** Pure rules and formatting of the orders area (tested in model.test.ts). */
import type { Role } from "../../client/types";
import type { Lang } from "../../i18n";
import type { PurchaseOrderStatus } from "./types";

export const PO_STATUSES: readonly PurchaseOrderStatus[] = [
  "draft", "approved", "sent", "partly_received", "received", "closed", "cancelled",
];
/** Not yet finished: what the list shows under "open". */
export const OPEN_STATUSES: readonly PurchaseOrderStatus[] = ["draft", "approved", "sent", "partly_received"];

export type StatusFilter = "" | "open" | PurchaseOrderStatus;

export function isPoStatus(value: string): value is PurchaseOrderStatus {
  return (PO_STATUSES as readonly string[]).includes(value);
}

/** The URL's `status` value → the API's `status` list (undefined = every status). */
export function statusFilter(value: string): { key: StatusFilter; statuses?: PurchaseOrderStatus[] } {
  if (value === "open") return { key: "open", statuses: [...OPEN_STATUSES] };
  if (isPoStatus(value)) return { key: value, statuses: [value] };
  return { key: "" };
}

export type Tone = "neutral" | "info" | "success" | "warning" | "danger";

export const STATUS_TONES: Record<PurchaseOrderStatus, Tone> = {
  draft: "neutral",
  approved: "info",
  sent: "info",
  partly_received: "warning",
  received: "success",
  closed: "neutral",
  cancelled: "danger",
};

export type PoAction = "edit" | "approve" | "send" | "receive" | "close" | "cancel";

const MANAGERS: readonly Role[] = ["owner", "manager"];
const OPERATORS: readonly Role[] = ["owner", "manager", "staff"];

/**
 * What `role` may do to an order in `status` (the backend enforces the same rules):
 * a draft is edited (staff and up), approved (manager/owner) or cancelled (staff and up);
 * an approved order is sent (staff and up) or received; a sent or partly received order is
 * received; a received order is closed (staff and up), a partly received one only by a
 * manager/owner (the rest will not come); approved and sent orders are cancelled by a
 * manager/owner. Viewers do nothing.
 */
export function allowedActions(status: PurchaseOrderStatus, role: Role | null | undefined): PoAction[] {
  if (!role || !OPERATORS.includes(role)) return [];
  const manager = MANAGERS.includes(role);
  const out: PoAction[] = [];
  switch (status) {
    case "draft":
      out.push("edit");
      if (manager) out.push("approve");
      out.push("cancel");
      break;
    case "approved":
      out.push("send", "receive");
      if (manager) out.push("cancel");
      break;
    case "sent":
      out.push("receive");
      if (manager) out.push("cancel");
      break;
    case "partly_received":
      out.push("receive");
      if (manager) out.push("close");
      break;
    case "received":
      out.push("close");
      break;
    default:
      break;
  }
  return out;
}

/** Viewers read; staff and up change orders and create drafts. */
export function canOperate(role: Role | null | undefined): boolean {
  return !!role && OPERATORS.includes(role);
}

/** Approving orders and editing the replenishment policy: manager or owner. */
export function canManage(role: Role | null | undefined): boolean {
  return !!role && MANAGERS.includes(role);
}

const locales: Record<Lang, string> = { ko: "ko-KR", en: "en-US" };

/** A decimal amount (the API sends a string) in won: "₩1,234,500"; "—" when unknown. */
export function formatMoney(value: string | number | null | undefined, lang: Lang): string {
  if (value === null || value === undefined || value === "") return "—";
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(n)) return String(value);
  return new Intl.NumberFormat(locales[lang], {
    style: "currency", currency: "KRW", maximumFractionDigits: 0,
  }).format(n);
}

/** A quantity with at most `digits` decimals ("12.5"), "—" when unknown. */
export function formatQuantity(value: number | null | undefined, lang: Lang, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return new Intl.NumberFormat(locales[lang], { maximumFractionDigits: digits }).format(value);
}

/** A share 0–1 as a percentage ("95.0%"), "—" when unknown. */
export function formatPercent(value: number | null | undefined, lang: Lang, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return new Intl.NumberFormat(locales[lang], {
    style: "percent", minimumFractionDigits: digits, maximumFractionDigits: digits,
  }).format(value);
}

/** The final quantity against the AI's proposal: "+20", "−5", "0" or null without a proposal. */
export function quantityDelta(proposed: number | null | undefined, final: number): number | null {
  return proposed === null || proposed === undefined ? null : final - proposed;
}

/** The file name a download's `Content-Disposition` carries (RFC 5987 `filename*` first). */
export function filenameFrom(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      return fallback;
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(header);
  return plain ? plain[1].trim() : fallback;
}
