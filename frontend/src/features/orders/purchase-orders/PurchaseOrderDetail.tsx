import { useState, type ReactNode } from "react";
import { Link, useLocation } from "react-router-dom";
import { useLang, useT } from "../../../i18n";
import { Badge, Button, Card, EmptyState, ErrorAlert, Spinner } from "../../../components/ui";
import { Table, TBody, Td, Th, THead } from "../../../components/table";
import { formatDate, formatDateTime, formatNumber, formatSigned } from "../../../lib/format";
import { cn } from "../../../lib/cn";
import { useCurrentUser } from "../../auth/context";
import { useApprove, useClose, useExportPurchaseOrders, usePurchaseOrder, useSend } from "../api";
import { allowedActions, canOperate, formatMoney, quantityDelta, type PoAction } from "../model";
import type { PurchaseOrderDetail as Detail } from "../types";
import { CancelDialog, ConfirmDialog, EditLinesDialog, ReceiveDialog, ReverseReceiptDialog } from "./PoDialogs";
import type { PoBackState } from "./PurchaseOrdersList";
import { LateBadge, StatusBadge } from "./StatusBadge";

/** One purchase order: its lines, what changed and why, receipts, and the actions the role may take. */
export function PurchaseOrderDetailView({ id }: { id: number }) {
  const t = useT();
  const location = useLocation();
  const po = usePurchaseOrder(id);
  const back = (location.state as PoBackState | null)?.back ?? "/orders/purchase-orders";
  return (
    <div className="space-y-5" data-testid="po-detail">
      <Link to={back} className="inline-block text-sm text-sky-700 hover:underline" data-testid="po-back">
        ← {t("orders.po.backToList")}
      </Link>
      {po.isPending ? (
        <Spinner />
      ) : po.error && !po.data ? (
        <ErrorAlert error={po.error} onRetry={() => void po.refetch()} />
      ) : po.data ? (
        <Loaded po={po.data} />
      ) : null}
    </div>
  );
}

type Dialog = PoAction | null;

function Loaded({ po }: { po: Detail }) {
  const t = useT();
  const [lang] = useLang();
  const me = useCurrentUser();
  const actions = allowedActions(po.status, me.role);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [reversing, setReversing] = useState<Detail["receipts"][number] | null>(null);
  // a receipt can be corrected while the order is (partly) received, by staff and up
  const canReverse = canOperate(me.role) && (po.status === "received" || po.status === "partly_received");
  const approve = useApprove(po.id);
  const send = useSend(po.id);
  const close = useClose(po.id);
  const exporter = useExportPurchaseOrders();
  const transitions = { approve, send, close } as const;
  // the last refusal or failure of a one-click transition (409 already approved, stale version…)
  const failed = [approve, send, close].find((m) => m.isError);
  const busy = approve.isPending || send.isPending || close.isPending;

  const button = (action: PoAction, variant: "primary" | "secondary" | "danger" = "secondary") =>
    actions.includes(action) && (
      <Button key={action} variant={variant} disabled={busy} onClick={() => setDialog(action)} data-testid={`po-${action}`}>
        {t(`orders.action.${action}`)}
      </Button>
    );

  return (
    <>
      <div className="-mt-3 flex flex-wrap items-start justify-between gap-3">
        <div>
          <div className="text-sm text-slate-500" data-testid="po-supplier">{po.supplier.name}</div>
          <h2 className="flex flex-wrap items-center gap-2 text-xl font-bold text-slate-900">
            <span className="font-mono" data-testid="po-title">{po.po_number}</span>
            <StatusBadge status={po.status} />
            {po.late && <LateBadge />}
            {po.from_proposals && <Badge tone="info">{t("orders.po.fromAi")}</Badge>}
          </h2>
        </div>
        <div className="flex flex-wrap items-center gap-2" data-testid="po-actions">
          {button("edit")}
          {button("approve", "primary")}
          {button("send", "primary")}
          {button("receive", "primary")}
          {button("close")}
          {button("cancel", "danger")}
          <Button variant="secondary" disabled={exporter.isPending} onClick={() => exporter.mutate({ id: po.id })}
            data-testid="po-export">
            {exporter.isPending ? t("orders.po.exporting") : t("orders.po.export")}
          </Button>
        </div>
      </div>
      {actions.length === 0 && me.role === "viewer" && (
        <p className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-600" data-testid="po-read-only">
          {t("orders.po.readOnly")}
        </p>
      )}
      <ErrorAlert error={failed?.error ?? exporter.error} />

      <Card>
        <dl className="grid grid-cols-2 gap-x-6 gap-y-3 text-sm sm:grid-cols-4">
          <Fact label={t("orders.po.orderedOn")} value={formatDate(po.ordered_on)} />
          <Fact label={t("orders.po.expectedOn")} value={
            <span className={cn(po.late && "text-red-700")}>{formatDate(po.expected_on)}</span>
          } />
          <Fact label={t("orders.po.quantity")} value={
            <span data-testid="po-received-total">
              {t("orders.po.receivedOf", { received: formatNumber(po.received_quantity, lang), total: formatNumber(po.total_quantity, lang) })}
            </span>
          } />
          <Fact label={t("orders.po.amount")} value={formatMoney(po.total_amount, lang)} />
          <Fact label={t("orders.po.createdBy")} value={who(po.created_by?.name, po.created_at, lang)} />
          <Fact label={t("orders.po.approvedBy")} value={who(po.approved_by?.name, po.approved_at, lang)} testId="po-approved-by" />
          <Fact label={t("orders.po.sentAt")} value={formatDateTime(po.sent_at, lang)} />
          <Fact label={t("orders.po.closedAt")} value={formatDateTime(po.closed_at, lang)} />
          {po.cancelled_at && (
            <Fact label={t("orders.po.cancelledBy")} className="col-span-2 sm:col-span-4" testId="po-cancelled"
              value={`${who(po.cancelled_by?.name, po.cancelled_at, lang)} — ${po.cancel_reason ?? ""}`} />
          )}
          {po.note && <Fact label={t("orders.po.note")} value={po.note} className="col-span-2 sm:col-span-4" />}
        </dl>
      </Card>

      <Card title={t("orders.po.linesTitle")}>
        <LinesTable po={po} />
      </Card>

      <Card title={t("orders.po.changesTitle")} data-testid="po-changes">
        {po.changes.length === 0 ? (
          <EmptyState>{t("orders.po.noChanges")}</EmptyState>
        ) : (
          <Table>
            <THead>
              <tr>
                <Th>{t("orders.po.changedAt")}</Th>
                <Th>{t("orders.po.changedBy")}</Th>
                <Th>{t("stock.product")}</Th>
                <Th>{t("orders.po.changeKind")}</Th>
                <Th className="text-right">{t("orders.po.oldQty")}</Th>
                <Th className="text-right">{t("orders.po.newQty")}</Th>
                <Th>{t("orders.po.reason")}</Th>
              </tr>
            </THead>
            <TBody>
              {po.changes.map((c) => (
                <tr key={c.id} data-testid="po-change-row">
                  <Td className="tabular-nums whitespace-nowrap">{formatDateTime(c.changed_at, lang)}</Td>
                  <Td>{c.changed_by?.name ?? "—"}</Td>
                  <Td className="font-mono text-xs">{c.master_sku}</Td>
                  <Td>{t(`orders.changeKind.${c.kind}`)}</Td>
                  <Td className="text-right tabular-nums">{formatNumber(c.old_quantity, lang)}</Td>
                  <Td className="text-right tabular-nums">{formatNumber(c.new_quantity, lang)}</Td>
                  <Td className="break-words" data-testid="po-change-reason">{c.reason}</Td>
                </tr>
              ))}
            </TBody>
          </Table>
        )}
      </Card>

      <Card title={t("orders.po.receiptsTitle")} data-testid="po-receipts">
        {po.receipts.length === 0 ? (
          <EmptyState>{t("orders.po.noReceipts")}</EmptyState>
        ) : (
          <Table>
            <THead>
              <tr>
                <Th>{t("orders.po.receivedAt")}</Th>
                <Th>{t("orders.po.receivedBy")}</Th>
                <Th>{t("stock.product")}</Th>
                <Th className="text-right">{t("stock.quantity")}</Th>
                <Th>{t("stock.lotCode")}</Th>
                <Th>{t("stock.useBy")}</Th>
                <Th>{t("stock.note")}</Th>
                {canReverse && <Th />}
              </tr>
            </THead>
            <TBody>
              {po.receipts.map((r) => (
                <tr key={r.movement_id} data-testid="po-receipt-row" className={cn(r.undone && "text-slate-400")}>
                  <Td className="tabular-nums whitespace-nowrap">{formatDateTime(r.received_at, lang)}</Td>
                  <Td>{r.received_by?.name ?? "—"}</Td>
                  <Td className="font-mono text-xs">{r.master_sku}</Td>
                  <Td className="text-right tabular-nums">{formatSigned(r.quantity, lang)}</Td>
                  <Td className="font-mono text-xs" data-testid="po-receipt-lot">{r.lot_code ?? "—"}</Td>
                  <Td className="tabular-nums">{formatDate(r.use_by)}</Td>
                  <Td>
                    {r.note ?? "—"}
                    {r.undone && <Badge tone="warning" className="ml-1.5">{t("stock.undone")}</Badge>}
                  </Td>
                  {canReverse && (
                    <Td className="text-right">
                      {!r.undone && (
                        <Button size="sm" variant="secondary" onClick={() => setReversing(r)} data-testid="po-receipt-reverse">
                          {t("orders.reverse.action")}
                        </Button>
                      )}
                    </Td>
                  )}
                </tr>
              ))}
            </TBody>
          </Table>
        )}
      </Card>

      <EditLinesDialog po={po} open={dialog === "edit"} onClose={() => setDialog(null)} />
      <ReceiveDialog po={po} open={dialog === "receive"} onClose={() => setDialog(null)} />
      <CancelDialog po={po} open={dialog === "cancel"} onClose={() => setDialog(null)} />
      <ReverseReceiptDialog po={po} receipt={reversing} onClose={() => setReversing(null)} />
      {(["approve", "send", "close"] as const).map((action) => (
        <ConfirmDialog key={action} open={dialog === action} action={action} po={po} onClose={() => setDialog(null)}
          onConfirm={() => {
            setDialog(null);
            for (const m of Object.values(transitions)) m.reset();
            transitions[action].mutate(po.version);
          }} />
      ))}
    </>
  );
}

function who(name: string | undefined, when: string | null, lang: "ko" | "en"): string {
  if (!when) return "—";
  return name ? `${name} · ${formatDateTime(when, lang)}` : formatDateTime(when, lang);
}

function Fact({ label, value, className, testId }: { label: string; value: ReactNode; className?: string; testId?: string }) {
  return (
    <div className={className}>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="mt-0.5 font-medium text-slate-900 tabular-nums" data-testid={testId}>{value}</dd>
    </div>
  );
}

function LinesTable({ po }: { po: Detail }) {
  const t = useT();
  const [lang] = useLang();
  return (
    <Table data-testid="po-lines">
      <THead>
        <tr>
          <Th>{t("stock.product")}</Th>
          <Th className="text-right" title={t("orders.po.proposedHint")}>{t("orders.po.proposed")}</Th>
          <Th className="text-right">{t("orders.po.final")}</Th>
          <Th className="text-right">{t("orders.po.received")}</Th>
          <Th className="text-right">{t("orders.po.open")}</Th>
          <Th className="text-right">{t("orders.po.unitCost")}</Th>
          <Th className="text-right">{t("orders.po.amount")}</Th>
          <Th className="text-right">{t("orders.po.leadTime")}</Th>
          <Th>{t("orders.po.expectedOn")}</Th>
        </tr>
      </THead>
      <TBody>
        {po.lines.map((l) => {
          const delta = quantityDelta(l.proposed_quantity, l.quantity);
          return (
            <tr key={l.id} data-testid="po-line" data-line-id={l.id}>
              <Td className="min-w-[10rem]">
                <div className="font-medium text-slate-900">{l.product_name}</div>
                <div className="font-mono text-xs text-slate-500">
                  {l.master_sku} · MOQ {formatNumber(l.moq, lang)} · {t("orders.po.pack", { n: formatNumber(l.pack_size, lang) })}
                </div>
              </Td>
              <Td className="text-right tabular-nums text-slate-600" data-testid="po-line-proposed">
                {l.proposed_quantity === null ? "—" : formatNumber(l.proposed_quantity, lang)}
              </Td>
              <Td className="text-right font-medium tabular-nums whitespace-nowrap" data-testid="po-line-quantity">
                {formatNumber(l.quantity, lang)}
                {delta !== null && delta !== 0 && (
                  <Badge tone="warning" className="ml-1.5" data-testid="po-line-delta">{formatSigned(delta, lang)}</Badge>
                )}
              </Td>
              <Td className="text-right tabular-nums" data-testid="po-line-received">{formatNumber(l.received_quantity, lang)}</Td>
              <Td className="text-right tabular-nums" data-testid="po-line-open">{formatNumber(l.open_quantity, lang)}</Td>
              <Td className="text-right tabular-nums whitespace-nowrap">{formatMoney(l.unit_cost, lang)}</Td>
              <Td className="text-right tabular-nums whitespace-nowrap">{formatMoney(l.amount, lang)}</Td>
              <Td className="text-right tabular-nums">{l.lead_time_days === null ? "—" : t("common.days", { n: l.lead_time_days })}</Td>
              <Td className={cn("tabular-nums whitespace-nowrap", l.late && "font-medium text-red-700")}>
                {formatDate(l.expected_on)}
                {l.late && <LateBadge className="ml-1.5" />}
              </Td>
            </tr>
          );
        })}
      </TBody>
    </Table>
  );
}
