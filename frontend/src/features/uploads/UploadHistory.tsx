import { Link, useNavigate } from "react-router-dom";
import { useLang, useT } from "../../i18n";
import { Badge, Card, EmptyState, ErrorAlert, Spinner } from "../../components/ui";
import { Pagination, Table, TBody, Td, Th, THead } from "../../components/table";
import { formatDateTime, formatNumber } from "../../lib/format";
import { pageFrom, useUrlFilters } from "../../lib/url";
import { cn } from "../../lib/cn";
import { useUploads } from "./api";
import { STATUS_TONE } from "./model";

const FILTERS = ["page"] as const;
const PAGE_SIZE = 20;

export function UploadHistory() {
  const t = useT();
  const [lang] = useLang();
  const navigate = useNavigate();
  const [f, setF] = useUrlFilters(FILTERS, "page");
  const uploads = useUploads({ page: pageFrom(f.page), page_size: PAGE_SIZE });

  return (
    <Card title={t("uploads.history")} data-testid="upload-history">
      <ErrorAlert error={uploads.error} onRetry={() => void uploads.refetch()} className="mb-3" />
      {uploads.isPending ? (
        <Spinner />
      ) : uploads.data && uploads.data.items.length === 0 ? (
        <EmptyState>{t("uploads.historyEmpty")}</EmptyState>
      ) : uploads.data ? (
        <>
          <Table data-testid="upload-table" className={cn(uploads.isPlaceholderData && "opacity-60")}>
            <THead>
              <tr>
                <Th>{t("uploads.col.file")}</Th>
                <Th>{t("uploads.col.kind")}</Th>
                <Th>{t("uploads.col.status")}</Th>
                <Th className="text-right">{t("uploads.col.rows")}</Th>
                <Th>{t("uploads.col.by")}</Th>
                <Th>{t("uploads.col.at")}</Th>
              </tr>
            </THead>
            <TBody>
              {uploads.data.items.map((u) => (
                <tr
                  key={u.id}
                  className="cursor-pointer hover:bg-slate-50"
                  onClick={() => navigate(`/uploads/${u.id}`)}
                  data-testid="upload-row"
                  data-upload-id={u.id}
                >
                  <Td className="max-w-xs">
                    <Link to={`/uploads/${u.id}`} className="block truncate font-medium text-sky-700 hover:underline"
                      onClick={(e) => e.stopPropagation()} title={u.filename}>
                      {u.filename}
                    </Link>
                    <span className="text-xs text-slate-400">#{u.id}</span>
                  </Td>
                  <Td className="whitespace-nowrap">
                    {u.kind ? t(`uploads.kind.${u.kind}`) : "—"}
                    {u.channel && <span className="ml-1 text-xs text-slate-500">· {t(`channel.${u.channel}`)}</span>}
                  </Td>
                  <Td>
                    <Badge tone={STATUS_TONE[u.status]} data-testid="upload-status">{t(`uploads.status.${u.status}`)}</Badge>
                    {u.blocking && u.status === "ready" && (
                      <Badge tone="danger" className="ml-1">{t("uploads.blockingBadge")}</Badge>
                    )}
                  </Td>
                  <Td className="text-right whitespace-nowrap tabular-nums">
                    {formatNumber(u.rows_read, lang)} / {formatNumber(u.rows_kept, lang)}
                  </Td>
                  <Td className="whitespace-nowrap">
                    {u.created_by ? <span title={u.created_by.email}>{u.created_by.name || u.created_by.email}</span> : "—"}
                  </Td>
                  <Td className="whitespace-nowrap tabular-nums">{formatDateTime(u.created_at, lang)}</Td>
                </tr>
              ))}
            </TBody>
          </Table>
          <Pagination page={uploads.data.page} pageSize={uploads.data.page_size} total={uploads.data.total}
            onPage={(page) => setF({ page })} testId="uploads-pagination" />
        </>
      ) : null}
    </Card>
  );
}
