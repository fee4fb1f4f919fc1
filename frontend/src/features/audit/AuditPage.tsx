import { Fragment, useMemo, useState } from "react";
import { isMessageKey, useLang, useT, type TFunction } from "../../i18n";
import type { AuditEntry } from "../../client/types";
import { Button, EmptyState, ErrorAlert, Input, PageHeader, Select, Spinner } from "../../components/ui";
import { Pagination, Table, TBody, Td, Th, THead } from "../../components/table";
import { compact, pageFrom, useUrlFilters } from "../../lib/url";
import { formatDateTime } from "../../lib/format";
import { cn } from "../../lib/cn";
import { useCurrentUser } from "../auth/context";
import { can } from "../auth/roles";
import { useMembers } from "../members/api";
import { useAudit } from "./api";
import { diffObjects, showValue } from "./diff";

const FILTERS = ["entity_type", "action", "actor_id", "date_from", "date_to", "page"] as const;
const PAGE_SIZE = 50;
const KNOWN_ENTITIES = ["product", "supplier", "channel_sku", "stock_movement", "upload", "member", "settings", "tenant"];
const KNOWN_ACTIONS = [
  "create", "update", "delete", "import", "apply", "inbound", "outbound", "adjustment", "stock_count", "undo", "password_change",
];

export function AuditPage() {
  const t = useT();
  const [lang] = useLang();
  const me = useCurrentUser();
  const [f, setF] = useUrlFilters(FILTERS, "page");
  const actorId = f.actor_id ? Number(f.actor_id) : undefined;
  const audit = useAudit(
    compact({
      entity_type: f.entity_type,
      action: f.action,
      actor_id: actorId,
      date_from: f.date_from,
      date_to: f.date_to,
      page: pageFrom(f.page),
      page_size: PAGE_SIZE,
    }),
  );
  // Owners can list members; managers pick from the actors seen in the log.
  const members = useMembers(can(me.role, "manageMembers"));
  const [open, setOpen] = useState<Set<number>>(new Set());

  const items = audit.data?.items ?? [];
  const actors = useMemo(() => {
    const map = new Map<number, string>();
    for (const m of members.data ?? []) map.set(m.id, m.name || m.email);
    for (const e of items) if (e.actor) map.set(e.actor.id, e.actor.name || e.actor.email);
    if (actorId !== undefined && !map.has(actorId)) map.set(actorId, `#${actorId}`);
    return [...map.entries()].sort((a, b) => a[1].localeCompare(b[1]));
  }, [members.data, items, actorId]);
  // Known codes plus any new ones seen in the log (and the current filter value).
  const entityTypes = useMemo(
    () => [...new Set([...KNOWN_ENTITIES, ...items.map((e) => e.entity_type), f.entity_type].filter(Boolean))],
    [items, f.entity_type],
  );
  const actions = useMemo(
    () => [...new Set([...KNOWN_ACTIONS, ...items.map((e) => e.action), f.action].filter(Boolean))],
    [items, f.action],
  );

  const toggle = (id: number) =>
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <div data-testid="audit-page">
      <PageHeader title={t("audit.title")} subtitle={t("audit.subtitle")} />
      <div className="mb-3 grid grid-cols-1 gap-2 sm:grid-cols-3 lg:grid-cols-[12rem_12rem_12rem_10rem_10rem_auto]" data-testid="audit-filters">
        <Select value={f.entity_type} onChange={(e) => setF({ entity_type: e.target.value })}
          aria-label={t("audit.entityType")} data-testid="audit-entity-type">
          <option value="">{t("audit.anyEntity")}</option>
          {entityTypes.map((v) => (
            <option key={v} value={v}>{label(t, v, ["audit.entity."])}</option>
          ))}
        </Select>
        <Select value={f.action} onChange={(e) => setF({ action: e.target.value })}
          aria-label={t("audit.action")} data-testid="audit-action">
          <option value="">{t("audit.anyAction")}</option>
          {actions.map((v) => (
            <option key={v} value={v}>{label(t, v, ["audit.action.", "reason."])}</option>
          ))}
        </Select>
        <Select value={f.actor_id} onChange={(e) => setF({ actor_id: e.target.value })} aria-label={t("audit.actor")}
          data-testid="audit-actor">
          <option value="">{t("audit.allActors")}</option>
          {actors.map(([id, name]) => (
            <option key={id} value={String(id)}>{name}</option>
          ))}
        </Select>
        <Input type="date" value={f.date_from} onChange={(e) => setF({ date_from: e.target.value })}
          aria-label={t("common.from")} title={t("common.from")} data-testid="audit-from" />
        <Input type="date" value={f.date_to} onChange={(e) => setF({ date_to: e.target.value })}
          aria-label={t("common.to")} title={t("common.to")} data-testid="audit-to" />
        <Button variant="ghost"
          onClick={() => setF({ entity_type: null, action: null, actor_id: null, date_from: null, date_to: null })}>
          {t("common.reset")}
        </Button>
      </div>
      <ErrorAlert error={audit.error} onRetry={() => void audit.refetch()} className="mb-3" />
      {audit.isPending ? (
        <Spinner />
      ) : audit.data && items.length === 0 ? (
        <EmptyState>{t("audit.empty")}</EmptyState>
      ) : audit.data ? (
        <>
          <Table data-testid="audit-table" className={cn(audit.isPlaceholderData && "opacity-60")}>
            <THead>
              <tr>
                <Th>{t("audit.when")}</Th>
                <Th>{t("audit.who")}</Th>
                <Th>{t("audit.action")}</Th>
                <Th>{t("audit.entity")}</Th>
                <Th>{t("audit.summary")}</Th>
                <Th />
              </tr>
            </THead>
            <TBody>
              {items.map((e) => (
                <Fragment key={e.id}>
                  <tr data-testid="audit-row">
                    <Td className="whitespace-nowrap tabular-nums">{formatDateTime(e.created_at, lang)}</Td>
                    <Td className="whitespace-nowrap">
                      {e.actor ? <span title={e.actor.email}>{e.actor.name || e.actor.email}</span> : t("audit.system")}
                    </Td>
                    <Td className="whitespace-nowrap" title={e.action}>{label(t, e.action, ["audit.action.", "reason."])}</Td>
                    <Td className="whitespace-nowrap" title={e.entity_type}>
                      {label(t, e.entity_type, ["audit.entity."])}
                      {e.entity_id != null && <span className="text-slate-400"> #{e.entity_id}</span>}
                    </Td>
                    <Td>{e.summary}</Td>
                    <Td className="text-right">
                      {(e.before || e.after) && (
                        <Button variant="ghost" size="sm" aria-expanded={open.has(e.id)} onClick={() => toggle(e.id)}
                          data-testid="audit-expand">
                          {open.has(e.id) ? t("common.hideDetails") : t("common.showDetails")}
                        </Button>
                      )}
                    </Td>
                  </tr>
                  {open.has(e.id) && (
                    <tr>
                      <td colSpan={6} className="bg-slate-50 px-3 py-3">
                        <AuditDiff entry={e} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </TBody>
          </Table>
          <Pagination page={audit.data.page} pageSize={audit.data.page_size} total={audit.data.total}
            onPage={(page) => setF({ page })} />
        </>
      ) : null}
    </div>
  );
}

function AuditDiff({ entry }: { entry: AuditEntry }) {
  const t = useT();
  const rows = diffObjects(entry.before, entry.after);
  if (rows.length === 0) return <p className="text-sm text-slate-500">{t("audit.noDiff")}</p>;
  return (
    <div data-testid="audit-diff">
      <div className="mb-2 text-xs font-semibold text-slate-600">{t("audit.diff")}</div>
      <table className="w-full table-fixed text-xs">
        <thead className="text-left text-slate-500">
          <tr>
            <th className="w-48 px-2 py-1">{t("audit.field")}</th>
            <th className="px-2 py-1">{t("audit.before")}</th>
            <th className="px-2 py-1">{t("audit.after")}</th>
          </tr>
        </thead>
        <tbody className="font-mono">
          {rows.map((r) => (
            <tr key={r.key} className={r.changed ? "" : "text-slate-400"}>
              <td className="px-2 py-1 align-top">{r.key}</td>
              <td className={cn("px-2 py-1 align-top break-all whitespace-pre-wrap", r.changed && entry.before && "bg-red-50 text-red-800")}>
                {showValue(r.before)}
              </td>
              <td className={cn("px-2 py-1 align-top break-all whitespace-pre-wrap", r.changed && entry.after && "bg-emerald-50 text-emerald-800")}>
                {showValue(r.after)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A code's catalogue label (first matching prefix), else the code itself. */
function label(t: TFunction, code: string, prefixes: string[]): string {
  for (const prefix of prefixes) {
    const key = prefix + code;
    if (isMessageKey(key)) return t(key);
  }
  return code;
}
