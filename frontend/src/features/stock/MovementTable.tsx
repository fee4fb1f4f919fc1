import { Link } from "react-router-dom";
import { useLang, useT } from "../../i18n";
import type { Movement } from "../../client/types";
import { Badge, Button } from "../../components/ui";
import { Table, TBody, Td, Th, THead } from "../../components/table";
import { formatDate, formatDateTime, formatNumber, formatSigned } from "../../lib/format";
import { cn } from "../../lib/cn";

/** Undo is offered for live, top-level movements that are not themselves an undo. */
export function canUndoMovement(m: Movement): boolean {
  return !m.undone && m.reason !== "undo" && m.reverses_movement_id == null && m.parent_movement_id == null;
}

export function MovementTable({
  movements,
  onUndo,
  undoingId,
  showProduct = true,
  dimmed,
  testId = "movements-table",
}: {
  movements: Movement[];
  /** When given, rows that can be undone get an Undo button. */
  onUndo?: (m: Movement) => void;
  undoingId?: number | null;
  showProduct?: boolean;
  dimmed?: boolean;
  testId?: string;
}) {
  const t = useT();
  const [lang] = useLang();
  return (
    <Table data-testid={testId} className={cn(dimmed && "opacity-60")}>
      <THead>
        <tr>
          <Th>{t("stock.date")}</Th>
          {showProduct && <Th>{t("product.masterSku")}</Th>}
          {showProduct && <Th>{t("stock.product")}</Th>}
          <Th>{t("stock.reason")}</Th>
          <Th className="text-right">{t("stock.quantity")}</Th>
          <Th className="text-right">{t("stock.balanceAfter")}</Th>
          <Th>{t("stock.source")}</Th>
          <Th>{t("stock.actor")}</Th>
          <Th>{t("stock.note")}</Th>
          {onUndo && <Th className="text-right">{t("common.actions")}</Th>}
        </tr>
      </THead>
      <TBody>
        {movements.map((m) => (
          <tr
            key={m.id}
            data-testid="movement-row"
            data-movement-id={m.id}
            className={cn(m.undone && "bg-slate-50 text-slate-400", m.parent_movement_id != null && "text-slate-500")}
          >
            <Td className="whitespace-nowrap tabular-nums">{formatDateTime(m.created_at, lang)}</Td>
            {showProduct && (
              <Td className="font-mono text-xs">
                <Link to={`/products/${m.product_id}`} className="text-sky-700 hover:underline">
                  {m.master_sku}
                </Link>
              </Td>
            )}
            {showProduct && <Td>{m.product_name}</Td>}
            <Td className="whitespace-nowrap">
              <span className={cn(m.parent_movement_id != null && "pl-3")}>{t(`reason.${m.reason}`)}</span>
              {m.undone && (
                <Badge tone="neutral" className="ml-1.5">
                  {t("stock.undone")}
                </Badge>
              )}
              {m.reverses_movement_id != null && (
                <span className="ml-1.5 text-xs text-slate-400">{t("stock.reversesHint", { id: m.reverses_movement_id })}</span>
              )}
            </Td>
            <Td
              className={cn(
                "text-right font-medium whitespace-nowrap tabular-nums",
                !m.undone && (m.quantity > 0 ? "text-emerald-700" : m.quantity < 0 ? "text-red-700" : ""),
              )}
              data-testid="movement-row-quantity"
            >
              {formatSigned(m.quantity, lang)}
            </Td>
            <Td className="text-right tabular-nums">{formatNumber(m.balance_after, lang)}</Td>
            <Td className="whitespace-nowrap">{t(`source.${m.source}`)}</Td>
            <Td className="whitespace-nowrap">
              {m.actor ? <span title={m.actor.email}>{m.actor.name || m.actor.email}</span> : "—"}
            </Td>
            <Td className="max-w-xs">
              <span className="line-clamp-2">{m.note ?? ""}</span>
              {(m.lot_code || m.use_by) && (
                <span className="block text-xs text-slate-500">
                  {[m.lot_code, m.use_by ? `${t("stock.useBy")} ${formatDate(m.use_by)}` : null]
                    .filter(Boolean)
                    .join(" · ")}
                </span>
              )}
            </Td>
            {onUndo && (
              <Td className="text-right">
                {canUndoMovement(m) && (
                  <Button
                    variant="secondary"
                    size="sm"
                    disabled={undoingId === m.id}
                    onClick={() => onUndo(m)}
                    data-testid="movement-undo"
                  >
                    {t("stock.undo")}
                  </Button>
                )}
              </Td>
            )}
          </tr>
        ))}
      </TBody>
    </Table>
  );
}
