import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useLang, useT } from "../../../i18n";
import { Button, ErrorAlert, Field, FieldMessage, Input, Modal, Textarea } from "../../../components/ui";
import { Table, TBody, Td, Th, THead } from "../../../components/table";
import { formatNumber } from "../../../lib/format";
import { cn } from "../../../lib/cn";
import { useCancel, useEditLines, useReceive, useReverseReceipt } from "../api";
import type { CancelBody, PurchaseOrderDetail } from "../types";
import {
  cancelSchema,
  editLinesDefaults,
  editLinesSchema,
  receiveDefaults,
  receiveSchema,
  toCancelBody,
  toLinesEdit,
  toReceiveBody,
  type CancelValues,
  type EditLinesValues,
  type ReceiveValues,
} from "./schemas";

interface DialogProps {
  po: PurchaseOrderDetail;
  open: boolean;
  onClose: () => void;
}

function Footer({ onClose, pending, submit, testId }: { onClose: () => void; pending: boolean; submit: string; testId: string }) {
  const t = useT();
  return (
    <div className="mt-4 flex justify-end gap-2">
      <Button variant="secondary" onClick={onClose}>{t("common.cancel")}</Button>
      <Button type="submit" disabled={pending} data-testid={testId}>{pending ? t("common.saving") : submit}</Button>
    </div>
  );
}

/** A draft's quantities (or removing lines), with one reason recorded for every change. */
export function EditLinesDialog({ po, open, onClose }: DialogProps) {
  const t = useT();
  return (
    <Modal open={open} onClose={onClose} title={t("orders.edit.title", { po: po.po_number })} wide data-testid="po-edit-dialog">
      <EditLinesForm po={po} onDone={onClose} />
    </Modal>
  );
}

export function EditLinesForm({ po, onDone }: { po: PurchaseOrderDetail; onDone: () => void }) {
  const t = useT();
  const [lang] = useLang();
  const edit = useEditLines(po.id);
  const { register, handleSubmit, watch, formState: { errors } } = useForm<EditLinesValues>({
    resolver: zodResolver(editLinesSchema),
    defaultValues: editLinesDefaults(po),
  });
  const lines = watch("lines");
  const onSubmit = handleSubmit((v) => edit.mutate(toLinesEdit(v, po.version), { onSuccess: onDone }));
  const formError = errors.lines?.root?.message ?? errors.lines?.message;
  return (
    <form onSubmit={onSubmit} noValidate data-testid="po-edit-form">
      <p className="mb-3 text-sm text-slate-600">{t("orders.edit.hint")}</p>
      <Table>
        <THead>
          <tr>
            <Th>{t("stock.product")}</Th>
            <Th className="text-right">{t("orders.po.proposed")}</Th>
            <Th className="text-right">{t("orders.edit.current")}</Th>
            <Th>{t("orders.edit.newQty")}</Th>
            <Th>{t("orders.edit.remove")}</Th>
          </tr>
        </THead>
        <TBody>
          {po.lines.map((l, i) => {
            const removed = lines?.[i]?.remove;
            const err = errors.lines?.[i]?.quantity?.message;
            return (
              <tr key={l.id} data-testid="po-edit-line" className={cn(removed && "bg-slate-50 text-slate-400")}>
                <Td>
                  <div className={cn("font-medium", removed && "line-through")}>{l.product_name}</div>
                  <div className="font-mono text-xs text-slate-500">
                    {l.master_sku} · MOQ {formatNumber(l.moq, lang)} · {t("orders.po.pack", { n: formatNumber(l.pack_size, lang) })}
                  </div>
                </Td>
                <Td className="text-right tabular-nums">{l.proposed_quantity === null ? "—" : formatNumber(l.proposed_quantity, lang)}</Td>
                <Td className="text-right tabular-nums">{formatNumber(l.quantity, lang)}</Td>
                <Td>
                  <Input inputMode="numeric" className="w-28" disabled={removed} aria-invalid={!!err}
                    aria-label={t("orders.edit.newQtyFor", { sku: l.master_sku })}
                    data-testid="po-edit-quantity" {...register(`lines.${i}.quantity`)} />
                  <FieldMessage message={err} />
                </Td>
                <Td>
                  <input type="checkbox" className="h-4 w-4" aria-label={t("orders.edit.removeFor", { sku: l.master_sku })}
                    data-testid="po-edit-remove" {...register(`lines.${i}.remove`)} />
                </Td>
              </tr>
            );
          })}
        </TBody>
      </Table>
      <FieldMessage message={formError} />
      <Field label={t("orders.po.reason")} error={errors.reason?.message} required className="mt-4">
        {(id) => (
          <Textarea id={id} rows={2} maxLength={500} placeholder={t("orders.edit.reasonPlaceholder")}
            aria-invalid={!!errors.reason} data-testid="po-edit-reason" {...register("reason")} />
        )}
      </Field>
      <ErrorAlert error={edit.error} className="mt-3" />
      <Footer onClose={onDone} pending={edit.isPending} submit={t("orders.edit.submit")} testId="po-edit-submit" />
    </form>
  );
}

/** Book goods in: per open line a quantity (the open quantity proposed), a lot code and a use-by date. */
export function ReceiveDialog({ po, open, onClose }: DialogProps) {
  const t = useT();
  return (
    <Modal open={open} onClose={onClose} title={t("orders.receive.title", { po: po.po_number })} wide data-testid="po-receive-dialog">
      <ReceiveForm po={po} onDone={onClose} />
    </Modal>
  );
}

export function ReceiveForm({ po, onDone }: { po: PurchaseOrderDetail; onDone: () => void }) {
  const t = useT();
  const [lang] = useLang();
  const receive = useReceive(po.id);
  const defaults = receiveDefaults(po);
  const { register, handleSubmit, formState: { errors } } = useForm<ReceiveValues>({
    resolver: zodResolver(receiveSchema),
    defaultValues: defaults,
  });
  const byId = new Map(po.lines.map((l) => [l.id, l]));
  const onSubmit = handleSubmit((v) => receive.mutate(toReceiveBody(v), { onSuccess: onDone }));
  const formError = errors.lines?.root?.message ?? errors.lines?.message;
  return (
    <form onSubmit={onSubmit} noValidate data-testid="po-receive-form">
      <p className="mb-3 text-sm text-slate-600">{t("orders.receive.hint")}</p>
      <Table>
        <THead>
          <tr>
            <Th>{t("stock.product")}</Th>
            <Th className="text-right">{t("orders.po.open")}</Th>
            <Th>{t("orders.receive.quantity")}</Th>
            <Th>{t("stock.lotCode")}</Th>
            <Th>{t("stock.useBy")}</Th>
          </tr>
        </THead>
        <TBody>
          {defaults.lines.map((d, i) => {
            const l = byId.get(d.line_id);
            const e = errors.lines?.[i];
            return (
              <tr key={d.line_id} data-testid="po-receive-line" data-line-id={d.line_id}>
                <Td>
                  <div className="font-medium">{l?.product_name}</div>
                  <div className="font-mono text-xs text-slate-500">{l?.master_sku}</div>
                </Td>
                <Td className="text-right tabular-nums">{formatNumber(d.open, lang)}</Td>
                <Td>
                  <Input inputMode="numeric" className="w-24" aria-invalid={!!e?.quantity}
                    aria-label={t("orders.receive.quantityFor", { sku: l?.master_sku ?? "" })}
                    data-testid="po-receive-quantity" {...register(`lines.${i}.quantity`)} />
                  <FieldMessage message={e?.quantity?.message} />
                </Td>
                <Td>
                  <Input className="w-36" maxLength={64} aria-invalid={!!e?.lot_code} aria-label={t("stock.lotCode")}
                    data-testid="po-receive-lot" {...register(`lines.${i}.lot_code`)} />
                  <FieldMessage message={e?.lot_code?.message} />
                </Td>
                <Td>
                  <Input type="date" className="w-40" aria-invalid={!!e?.use_by} aria-label={t("stock.useBy")}
                    data-testid="po-receive-use-by" {...register(`lines.${i}.use_by`)} />
                  <FieldMessage message={e?.use_by?.message} />
                </Td>
              </tr>
            );
          })}
        </TBody>
      </Table>
      <FieldMessage message={formError} />
      <Field label={t("stock.note")} error={errors.note?.message} className="mt-4">
        {(id) => <Input id={id} maxLength={500} placeholder={t("orders.receive.notePlaceholder", { po: po.po_number })}
          data-testid="po-receive-note" {...register("note")} />}
      </Field>
      <ErrorAlert error={receive.error} className="mt-3" />
      <Footer onClose={onDone} pending={receive.isPending} submit={t("orders.receive.submit")} testId="po-receive-submit" />
    </form>
  );
}

export function CancelDialog({ po, open, onClose }: DialogProps) {
  const t = useT();
  const cancel = useCancel(po.id);
  return (
    <Modal open={open} onClose={onClose} title={t("orders.cancel.title", { po: po.po_number })} data-testid="po-cancel-dialog">
      <ReasonForm po={po} hint={t("orders.cancel.hint")} submit={t("orders.cancel.submit")} testId="po-cancel"
        mutation={cancel} send={(body) => cancel.mutate(body, { onSuccess: onClose })} onDone={onClose} />
    </Modal>
  );
}

/** Correct a wrong receipt: its stock leaves the ledger again and the line's received quantity goes down. */
export function ReverseReceiptDialog({ po, receipt, onClose }: {
  po: PurchaseOrderDetail;
  receipt: PurchaseOrderDetail["receipts"][number] | null;
  onClose: () => void;
}) {
  const t = useT();
  const [lang] = useLang();
  const reverse = useReverseReceipt(po.id);
  return (
    <Modal open={receipt !== null} onClose={onClose} title={t("orders.reverse.title", { po: po.po_number })}
      data-testid="po-reverse-dialog">
      {receipt && (
        <ReasonForm po={po} submit={t("orders.reverse.submit")} testId="po-reverse" mutation={reverse}
          hint={t("orders.reverse.hint", { sku: receipt.master_sku, qty: formatNumber(receipt.quantity, lang) })}
          send={(body) => reverse.mutate({ movementId: receipt.movement_id, body }, { onSuccess: onClose })}
          onDone={onClose} />
      )}
    </Modal>
  );
}

/** A reason (required) and a destructive submit: cancelling an order, reversing a receipt. */
function ReasonForm({ po, hint, submit, testId, mutation, send, onDone }: {
  po: PurchaseOrderDetail;
  hint: string;
  submit: string;
  testId: string;
  mutation: { error: Error | null; isPending: boolean };
  send: (body: CancelBody) => void;
  onDone: () => void;
}) {
  const t = useT();
  const { register, handleSubmit, formState: { errors } } = useForm<CancelValues>({
    resolver: zodResolver(cancelSchema),
    defaultValues: { reason: "" },
  });
  const onSubmit = handleSubmit((v) => send(toCancelBody(v, po.version)));
  return (
    <form onSubmit={onSubmit} noValidate data-testid={`${testId}-form`}>
      <p className="mb-3 text-sm text-slate-600">{hint}</p>
      <Field label={t("orders.po.reason")} error={errors.reason?.message} required>
        {(id) => <Textarea id={id} rows={2} maxLength={500} aria-invalid={!!errors.reason}
          data-testid={`${testId}-reason`} {...register("reason")} />}
      </Field>
      <ErrorAlert error={mutation.error} className="mt-3" />
      <div className="mt-4 flex justify-end gap-2">
        <Button variant="secondary" onClick={onDone}>{t("common.close")}</Button>
        <Button type="submit" variant="danger" disabled={mutation.isPending} data-testid={`${testId}-submit`}>
          {submit}
        </Button>
      </div>
    </form>
  );
}

/** Approve, send or close: one click after saying what it does. */
export function ConfirmDialog({ po, open, action, onClose, onConfirm }: {
  po: PurchaseOrderDetail;
  open: boolean;
  action: "approve" | "send" | "close";
  onClose: () => void;
  onConfirm: () => void;
}) {
  const t = useT();
  const partly = action === "close" && po.status === "partly_received";
  return (
    <Modal open={open} onClose={onClose} title={t(`orders.action.${action}`)} data-testid={`po-${action}-dialog`}>
      <p className="text-sm text-slate-700">
        {partly ? t("orders.confirm.closePartly", { po: po.po_number }) : t(`orders.confirm.${action}`, { po: po.po_number })}
      </p>
      <div className="mt-4 flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>{t("common.cancel")}</Button>
        <Button onClick={onConfirm} data-testid={`po-${action}-confirm`}>{t(`orders.action.${action}`)}</Button>
      </div>
    </Modal>
  );
}
