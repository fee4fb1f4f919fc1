import { useId, useState, type DragEvent } from "react";
import { useNavigate } from "react-router-dom";
import { useT } from "../../i18n";
import type { Channel } from "../../client/types";
import { Card, ErrorAlert, Field, ProgressBar, Select } from "../../components/ui";
import { cn } from "../../lib/cn";
import { CHANNELS } from "../products/ChannelSkusEditor";
import { useCreateUpload } from "./api";
import { ACCEPT_ATTRIBUTE, isAcceptedFile } from "./model";

/** Drop a file (or pick one): it is sent at once and the page moves on to its analysis. */
export function DropZone() {
  const t = useT();
  const navigate = useNavigate();
  const inputId = useId();
  const [channel, setChannel] = useState<Channel | "">("");
  const [dragging, setDragging] = useState(false);
  const [rejected, setRejected] = useState<string | null>(null);
  const create = useCreateUpload();

  const send = (file: File | undefined) => {
    if (!file || create.isPending) return;
    if (!isAcceptedFile(file.name)) {
      setRejected(file.name);
      return;
    }
    setRejected(null);
    create.mutate({ file, channel }, { onSuccess: (u) => navigate(`/uploads/${u.id}`) });
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    send(e.dataTransfer.files?.[0]);
  };

  return (
    <Card data-testid="upload-dropzone">
      <div className="grid gap-4 lg:grid-cols-[1fr_16rem]">
        <label
          htmlFor={inputId}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          className={cn(
            "flex min-h-36 cursor-pointer flex-col items-center justify-center gap-1 rounded-lg border-2 border-dashed px-6 py-8 text-center transition-colors",
            dragging ? "border-sky-500 bg-sky-50" : "border-slate-300 bg-slate-50 hover:border-slate-400 hover:bg-slate-100",
            create.isPending && "pointer-events-none opacity-60",
          )}
        >
          <span className="text-3xl text-slate-400" aria-hidden="true">⇪</span>
          <span className="text-sm font-medium text-slate-800">{t("uploads.drop.title")}</span>
          <span className="text-xs text-slate-500">{t("uploads.drop.hint")}</span>
          <input
            id={inputId}
            type="file"
            accept={ACCEPT_ATTRIBUTE}
            className="sr-only"
            disabled={create.isPending}
            data-testid="upload-input"
            onChange={(e) => {
              send(e.target.files?.[0]);
              e.target.value = "";
            }}
          />
        </label>
        <div className="space-y-3">
          <Field label={t("uploads.channel")} hint={t("uploads.channelHint")}>
            {(id) => (
              <Select id={id} value={channel} onChange={(e) => setChannel(e.target.value as Channel | "")}
                data-testid="upload-channel">
                <option value="">{t("uploads.channelAuto")}</option>
                {CHANNELS.map((c) => (
                  <option key={c} value={c}>{t(`channel.${c}`)}</option>
                ))}
              </Select>
            )}
          </Field>
        </div>
      </div>
      {create.isPending && (
        <div className="mt-4" data-testid="upload-progress">
          <ProgressBar value={5} label={t("uploads.sending")} />
        </div>
      )}
      {rejected && (
        <p role="alert" className="mt-3 text-sm text-red-700">{t("uploads.drop.unsupported", { name: rejected })}</p>
      )}
      <ErrorAlert error={create.error} className="mt-3" />
    </Card>
  );
}
