import type { HTMLAttributes, ReactNode, TdHTMLAttributes, ThHTMLAttributes } from "react";
import { cn } from "../lib/cn";
import { useT } from "../i18n";
import { Button } from "./ui";

export function Table({
  children,
  className,
  ...rest
}: HTMLAttributes<HTMLTableElement> & { "data-testid"?: string }) {
  return (
    <div className="overflow-x-auto rounded-md border border-slate-200">
      <table className={cn("min-w-full divide-y divide-slate-200 text-sm", className)} {...rest}>
        {children}
      </table>
    </div>
  );
}

export function THead({ children }: { children: ReactNode }) {
  return (
    <thead className="bg-slate-50 text-left text-xs font-semibold tracking-wide text-slate-600">
      {children}
    </thead>
  );
}

export function Th({ className, ...rest }: ThHTMLAttributes<HTMLTableCellElement>) {
  return <th scope="col" className={cn("px-3 py-2 whitespace-nowrap", className)} {...rest} />;
}

export function Td({ className, ...rest }: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={cn("px-3 py-2 align-middle", className)} {...rest} />;
}

export function TBody({ children }: { children: ReactNode }) {
  return <tbody className="divide-y divide-slate-100 bg-white">{children}</tbody>;
}

export function Pagination({
  page,
  pageSize,
  total,
  onPage,
  testId = "pagination",
}: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
  testId?: string;
}) {
  const t = useT();
  const pages = Math.max(1, Math.ceil(total / Math.max(1, pageSize)));
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  return (
    <nav
      className="mt-3 flex flex-wrap items-center justify-between gap-2 text-sm text-slate-600"
      data-testid={testId}
      aria-label={t("pagination.page", { page, pages })}
    >
      <span>{t("pagination.summary", { total, from, to })}</span>
      <div className="flex items-center gap-2">
        <Button
          variant="secondary"
          size="sm"
          disabled={page <= 1}
          onClick={() => onPage(page - 1)}
          data-testid={`${testId}-prev`}
        >
          {t("pagination.prev")}
        </Button>
        <span>{t("pagination.page", { page, pages })}</span>
        <Button
          variant="secondary"
          size="sm"
          disabled={page >= pages}
          onClick={() => onPage(page + 1)}
          data-testid={`${testId}-next`}
        >
          {t("pagination.next")}
        </Button>
      </div>
    </nav>
  );
}
