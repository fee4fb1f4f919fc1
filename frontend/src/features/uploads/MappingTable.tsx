import { useMemo, useState } from "react";
import { useLang, useT } from "../../i18n";
import type { Channel, FieldKey, FileKind, Report, Upload, UploadField } from "../../client/types";
import { Badge, Button, Card, ErrorAlert, Select } from "../../components/ui";
import { Table, TBody, Td, Th, THead } from "../../components/table";
import { cn } from "../../lib/cn";
import { CHANNELS } from "../products/ChannelSkusEditor";
import {
  FILE_KINDS,
  confidenceTone,
  duplicateFields,
  fieldLabel,
  initialMapping,
  isMappingDirty,
  missingFieldGroups,
  type MappingForm,
} from "./model";

/** The mapping the user is editing, reset whenever a new analysis comes back. */
export function useMappingForm(upload: Upload, report: Report | null) {
  const initial = useMemo<MappingForm>(
    () => ({
      kind: report?.kind ?? upload.kind ?? "sales",
      columns: initialMapping(report),
      channel: upload.channel ?? "",
      remember: true,
    }),
    [report, upload.kind, upload.channel],
  );
  const signature = JSON.stringify(initial);
  const [state, setState] = useState({ signature, form: initial });
  let form = state.form;
  if (state.signature !== signature) {
    form = initial;
    setState({ signature, form: initial });
  }
  return {
    form,
    initial,
    dirty: isMappingDirty(form, initial),
    setForm: (next: MappingForm) => setState({ signature, form: next }),
  };
}

export function MappingTable({
  report,
  fields,
  form,
  initial,
  dirty,
  onChange,
  onSave,
  saving,
  saveError,
  canEdit,
}: {
  report: Pick<Report, "columns">;
  fields: UploadField[];
  form: MappingForm;
  initial: MappingForm;
  dirty: boolean;
  onChange: (form: MappingForm) => void;
  onSave: () => void;
  saving: boolean;
  saveError: unknown;
  canEdit: boolean;
}) {
  const t = useT();
  const [lang] = useLang();
  const missing = missingFieldGroups(form.kind, form.columns);
  const duplicates = duplicateFields(form.columns, fields);
  const plain = fields.filter((f) => !f.personal);
  const personal = fields.filter((f) => f.personal);
  const label = (key: string) => fieldLabel(key, fields, lang);

  return (
    <Card title={t("uploads.mapping.title")} data-testid="mapping-card">
      <p className="mb-3 text-sm text-slate-500">{t("uploads.mapping.hint")}</p>
      <fieldset disabled={!canEdit || saving} className="space-y-3">
        <div className="flex flex-wrap items-end gap-3">
          <label className="text-sm">
            <span className="mb-1 block font-medium text-slate-700">{t("uploads.mapping.kind")}</span>
            <Select value={form.kind} className="w-52" data-testid="mapping-kind"
              onChange={(e) => onChange({ ...form, kind: e.target.value as FileKind })}>
              {FILE_KINDS.map((k) => (
                <option key={k} value={k}>{t(`uploads.kind.${k}`)}</option>
              ))}
            </Select>
          </label>
          <label className="text-sm">
            <span className="mb-1 block font-medium text-slate-700">{t("uploads.channel")}</span>
            <Select value={form.channel} className="w-56" data-testid="mapping-channel"
              onChange={(e) => onChange({ ...form, channel: e.target.value as Channel | "" })}>
              <option value="">{t("uploads.channelAuto")}</option>
              {CHANNELS.map((c) => (
                <option key={c} value={c}>{t(`channel.${c}`)}</option>
              ))}
            </Select>
          </label>
        </div>
        <Table data-testid="mapping-table">
          <THead>
            <tr>
              <Th>{t("uploads.mapping.column")}</Th>
              <Th>{t("uploads.mapping.samples")}</Th>
              <Th>{t("uploads.mapping.field")}</Th>
              <Th>{t("uploads.mapping.basis")}</Th>
            </tr>
          </THead>
          <TBody>
            {report.columns.map((c) => {
              const value = form.columns[c.column] ?? "";
              const changed = value !== (initial.columns[c.column] ?? "");
              const isPersonal = personal.some((f) => f.key === value);
              const duplicate = value !== "" && duplicates.includes(value);
              return (
                <tr key={c.column} data-testid="mapping-row" data-column={c.column} className={cn(changed && "bg-sky-50")}>
                  <Td className="font-medium whitespace-nowrap text-slate-800">
                    {c.column}
                    {isPersonal && <Badge tone="warning" className="ml-2">{t("uploads.mapping.personal")}</Badge>}
                  </Td>
                  <Td className="max-w-sm">
                    {c.samples.length === 0 ? (
                      <span className="text-xs text-slate-400">{t("uploads.mapping.noSamples")}</span>
                    ) : (
                      <div className="flex flex-wrap gap-1">
                        {c.samples.slice(0, 4).map((s, i) => (
                          <span key={i} className="max-w-40 truncate rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-600" title={s}>
                            {s}
                          </span>
                        ))}
                      </div>
                    )}
                  </Td>
                  <Td className="min-w-52">
                    <Select
                      value={value}
                      aria-label={t("uploads.mapping.fieldFor", { column: c.column })}
                      aria-invalid={duplicate}
                      data-testid={`mapping-select-${c.column}`}
                      onChange={(e) => onChange({ ...form, columns: { ...form.columns, [c.column]: e.target.value as FieldKey | "" } })}
                    >
                      <option value="">{t("uploads.mapping.ignore")}</option>
                      {plain.map((f) => (
                        <option key={f.key} value={f.key}>{lang === "en" ? f.en : f.ko}</option>
                      ))}
                      <optgroup label={t("uploads.mapping.personalGroup")}>
                        {personal.map((f) => (
                          <option key={f.key} value={f.key}>{lang === "en" ? f.en : f.ko}</option>
                        ))}
                      </optgroup>
                    </Select>
                  </Td>
                  <Td className="whitespace-nowrap">
                    {changed ? (
                      <Badge tone="info">{t("uploads.basis.user")}</Badge>
                    ) : (
                      <span className="inline-flex items-center gap-1.5">
                        <Badge tone={confidenceTone(c.confidence, c.field)} data-testid="mapping-confidence">
                          {c.field ? `${Math.round(c.confidence * 100)}%` : "—"}
                        </Badge>
                        <span className="text-xs text-slate-500">{t(`uploads.basis.${c.basis}`)}</span>
                      </span>
                    )}
                  </Td>
                </tr>
              );
            })}
          </TBody>
        </Table>
        {missing.length > 0 && (
          <p role="alert" className="text-sm font-medium text-red-700" data-testid="mapping-missing">
            {t("uploads.mapping.missing", {
              fields: missing.map((group) => group.map(label).join(t("uploads.mapping.or"))).join(", "),
            })}
          </p>
        )}
        {duplicates.length > 0 && (
          <p role="alert" className="text-sm font-medium text-red-700" data-testid="mapping-duplicates">
            {t("uploads.mapping.duplicate", { fields: duplicates.map(label).join(", ") })}
          </p>
        )}
        {canEdit && (
          <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-100 pt-3">
            <label className="flex items-center gap-2 text-sm text-slate-700">
              <input type="checkbox" className="h-4 w-4 rounded border-slate-300" checked={form.remember}
                onChange={(e) => onChange({ ...form, remember: e.target.checked })} data-testid="mapping-remember" />
              {t("uploads.mapping.remember")}
            </label>
            <div className="flex items-center gap-3">
              {dirty && <span className="text-xs text-amber-700" data-testid="mapping-dirty">{t("uploads.mapping.dirty")}</span>}
              <Button onClick={onSave} disabled={saving || duplicates.length > 0} data-testid="mapping-save"
                variant={dirty ? "primary" : "secondary"}>
                {saving ? t("common.saving") : t("uploads.mapping.save")}
              </Button>
            </div>
          </div>
        )}
      </fieldset>
      <ErrorAlert error={saveError} className="mt-3" />
    </Card>
  );
}
