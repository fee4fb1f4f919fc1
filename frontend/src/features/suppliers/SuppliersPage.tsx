import { useState } from "react";
import { useT } from "../../i18n";
import type { Supplier } from "../../client/types";
import { Button, EmptyState, ErrorAlert, Modal, PageHeader, Spinner } from "../../components/ui";
import { Table, TBody, Td, Th, THead } from "../../components/table";
import { useCurrentUser } from "../auth/context";
import { can } from "../auth/roles";
import { ProductsTabs } from "../products/ProductsTabs";
import { useDeleteSupplier, useSuppliers } from "./api";
import { SupplierForm } from "./SupplierForm";

export function SuppliersPage() {
  const t = useT();
  const me = useCurrentUser();
  const canWrite = can(me.role, "writeCatalog");
  const suppliers = useSuppliers();
  const del = useDeleteSupplier();
  // null: closed; "new": create; Supplier: edit
  const [editing, setEditing] = useState<Supplier | "new" | null>(null);

  return (
    <div data-testid="suppliers-page">
      <PageHeader
        title={t("suppliers.title")}
        subtitle={t("suppliers.subtitle")}
        actions={
          canWrite && (
            <Button onClick={() => setEditing("new")} data-testid="supplier-new">
              {t("suppliers.new")}
            </Button>
          )
        }
      />
      <ProductsTabs />
      <ErrorAlert error={suppliers.error ?? del.error} onRetry={() => void suppliers.refetch()} className="mb-3" />
      {suppliers.isPending ? (
        <Spinner />
      ) : suppliers.data && suppliers.data.length === 0 ? (
        <EmptyState>{t("suppliers.empty")}</EmptyState>
      ) : suppliers.data ? (
        <Table data-testid="suppliers-table">
          <THead>
            <tr>
              <Th>{t("suppliers.name")}</Th>
              <Th>{t("suppliers.contactName")}</Th>
              <Th>{t("suppliers.phone")}</Th>
              <Th>{t("suppliers.email")}</Th>
              <Th className="text-right">{t("suppliers.defaultLeadTime")}</Th>
              <Th className="text-right">{t("suppliers.defaultMoq")}</Th>
              <Th>{t("suppliers.notes")}</Th>
              {canWrite && <Th className="text-right">{t("common.actions")}</Th>}
            </tr>
          </THead>
          <TBody>
            {suppliers.data.map((s) => (
              <tr key={s.id} data-testid="supplier-row">
                <Td className="font-medium">{s.name}</Td>
                <Td>{s.contact_name ?? "—"}</Td>
                <Td className="whitespace-nowrap">{s.phone ?? "—"}</Td>
                <Td>{s.email ?? "—"}</Td>
                <Td className="text-right tabular-nums">{s.default_lead_time_days ?? "—"}</Td>
                <Td className="text-right tabular-nums">{s.default_moq}</Td>
                <Td className="max-w-xs truncate text-slate-500" title={s.notes ?? undefined}>{s.notes ?? ""}</Td>
                {canWrite && (
                  <Td className="text-right whitespace-nowrap">
                    <Button variant="ghost" size="sm" onClick={() => setEditing(s)} data-testid="supplier-edit">
                      {t("common.edit")}
                    </Button>
                    <Button
                      variant="ghost"
                      size="sm"
                      className="text-red-600"
                      disabled={del.isPending}
                      onClick={() => {
                        if (window.confirm(t("common.confirmDelete"))) del.mutate(s.id);
                      }}
                      data-testid="supplier-delete"
                    >
                      {t("common.delete")}
                    </Button>
                  </Td>
                )}
              </tr>
            ))}
          </TBody>
        </Table>
      ) : null}
      <Modal
        open={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === "new" ? t("suppliers.newTitle") : t("suppliers.editTitle")}
        wide
        data-testid="supplier-dialog"
      >
        {editing !== null && (
          <SupplierForm
            key={editing === "new" ? "new" : editing.id}
            supplier={editing === "new" ? undefined : editing}
            onDone={() => setEditing(null)}
          />
        )}
      </Modal>
    </div>
  );
}
