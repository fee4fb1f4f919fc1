import { useState } from "react";
import { z } from "zod";
import { useQueryClient } from "@tanstack/react-query";
import { useLang, useT, type MessageKey } from "../../i18n";
import { Badge, Button, ErrorAlert, Field, Input, Modal, ProgressBar } from "../../components/ui";
import { Table, TBody, Td, Th, THead } from "../../components/table";
import type { Job } from "../../client/types";
import { isJobDone, useJob } from "../jobs/api";
import { productKeys, useImportProducts } from "./api";

/** `job.result` of a product import (validated: the schema types it only as an object). */
const importResultSchema = z.object({
  created: z.number().default(0),
  updated: z.number().default(0),
  errors: z
    .array(
      z.object({
        row: z.union([z.number(), z.string()]).nullish(),
        field: z.string().nullish(),
        message: z.string(),
        message_en: z.string().nullish(),
      }),
    )
    .default([]),
});

/** Import error field codes → column labels. */
const FIELD_LABELS: Partial<Record<string, MessageKey>> = {
  master_sku: "product.masterSku",
  playauto_sku: "product.playautoSku",
  name: "product.name",
  category: "product.category",
  kind: "product.kind",
  lead_time_days: "product.leadTime",
  moq: "product.moq",
  pack_size: "product.packSize",
  safety_stock: "product.safetyStock",
  manufacturer: "product.manufacturer",
  supplier: "product.supplier",
  supplier_id: "product.supplier",
  unit_cost: "product.unitCost",
  shelf_life_days: "product.shelfLife",
  components: "product.components",
};

const statusTone = { queued: "neutral", running: "info", succeeded: "success", failed: "danger" } as const;

export function ImportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const [lang] = useLang();
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [jobId, setJobId] = useState<Job["id"] | null>(null);
  const upload = useImportProducts();
  const job = useJob(jobId);
  const done = isJobDone(job.data);
  const parsed = job.data?.result ? importResultSchema.safeParse(job.data.result) : null;
  const result = parsed?.success ? parsed.data : null;

  const close = () => {
    if (done) void qc.invalidateQueries({ queryKey: productKeys.all });
    setFile(null);
    setJobId(null);
    upload.reset();
    onClose();
  };

  return (
    <Modal open={open} onClose={close} title={t("import.title")} wide data-testid="import-dialog">
      {jobId === null ? (
        <form
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            if (file) upload.mutate(file, { onSuccess: (j) => setJobId(j.id) });
          }}
        >
          <p className="text-sm text-slate-600">{t("import.hint")}</p>
          <Field label={t("import.file")}>
            {(id) => (
              <Input
                id={id}
                type="file"
                accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                onChange={(e) => setFile(e.target.files?.[0] ?? null)}
                data-testid="import-file"
              />
            )}
          </Field>
          <ErrorAlert error={upload.error} />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={close}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" disabled={!file || upload.isPending} data-testid="import-submit">
              {upload.isPending ? t("import.uploading") : t("import.start")}
            </Button>
          </div>
        </form>
      ) : (
        <div className="space-y-4" data-testid="import-job">
          <ErrorAlert error={job.error} />
          {job.data && (
            <>
              <div className="flex items-center gap-2">
                <Badge tone={statusTone[job.data.status]} data-testid="import-status">
                  {t(`import.status.${job.data.status}`)}
                </Badge>
                {/* With a result the counts and the error table say it all. */}
                {job.data.message && !result && <span className="text-sm text-slate-600">{job.data.message}</span>}
              </div>
              <ProgressBar value={done ? 100 : job.data.progress} label={t("import.progress")} />
            </>
          )}
          {result && (
            <div className="space-y-3" data-testid="import-result">
              <div className="flex flex-wrap gap-2 text-sm">
                <Badge tone="success">{t("import.created", { n: result.created })}</Badge>
                <Badge tone="info">{t("import.updated", { n: result.updated })}</Badge>
                <Badge tone={result.errors.length ? "danger" : "neutral"}>
                  {t("import.errors", { n: result.errors.length })}
                </Badge>
              </div>
              {result.errors.length > 0 && (
                <Table data-testid="import-errors">
                  <THead>
                    <tr>
                      <Th>{t("import.row")}</Th>
                      <Th>{t("import.field")}</Th>
                      <Th>{t("import.message")}</Th>
                    </tr>
                  </THead>
                  <TBody>
                    {result.errors.map((e, i) => (
                      <tr key={i}>
                        <Td className="tabular-nums">{e.row ?? "—"}</Td>
                        <Td>{e.field ? (FIELD_LABELS[e.field] ? t(FIELD_LABELS[e.field]!) : e.field) : "—"}</Td>
                        <Td className="text-red-700">{lang === "en" && e.message_en ? e.message_en : e.message}</Td>
                      </tr>
                    ))}
                  </TBody>
                </Table>
              )}
            </div>
          )}
          <div className="flex justify-end gap-2">
            {done && (
              <Button
                variant="secondary"
                onClick={() => {
                  void qc.invalidateQueries({ queryKey: productKeys.all });
                  setJobId(null);
                  setFile(null);
                  upload.reset();
                }}
              >
                {t("import.again")}
              </Button>
            )}
            <Button onClick={close}>{t("common.close")}</Button>
          </div>
        </div>
      )}
    </Modal>
  );
}
