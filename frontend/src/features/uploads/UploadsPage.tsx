import { useT } from "../../i18n";
import { PageHeader } from "../../components/ui";
import { useCurrentUser } from "../auth/context";
import { can } from "../auth/roles";
import { uploadUrls } from "./api";
import { DropZone } from "./DropZone";
import { UploadDetail } from "./UploadDetail";
import { UploadHistory } from "./UploadHistory";

/** 데이터 워크스페이스: send a file and see the history (/uploads), or one upload (/uploads/:id). */
export function UploadsPage({ uploadId }: { uploadId: number | null }) {
  const t = useT();
  const me = useCurrentUser();
  const canUpload = can(me.role, "upload");

  if (uploadId !== null) return <UploadDetail key={uploadId} id={uploadId} />;

  return (
    <div className="space-y-6" data-testid="uploads-page">
      <PageHeader
        title={t("uploads.title")}
        subtitle={t("uploads.subtitle")}
        actions={
          <a
            href={uploadUrls.template}
            download
            title={t("uploads.templateHint")}
            className="inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-3.5 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50"
            data-testid="template-download"
          >
            <span aria-hidden="true">↓</span>
            {t("uploads.templateDownload")}
          </a>
        }
      />
      {canUpload ? (
        <DropZone />
      ) : (
        <p className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-600" data-testid="uploads-read-only">
          {t("uploads.readOnly")}
        </p>
      )}
      <UploadHistory />
    </div>
  );
}
