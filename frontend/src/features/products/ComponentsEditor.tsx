import { useEffect, useState } from "react";
import { useT } from "../../i18n";
import type { Product } from "../../client/types";
import { Button, Card, EmptyState, ErrorAlert, Field, Input, SuccessNote } from "../../components/ui";
import { Table, TBody, Td, Th, THead } from "../../components/table";
import { useSetComponents } from "./api";
import { ProductPicker, type PickedProduct } from "./ProductPicker";

interface Row {
  product: PickedProduct;
  quantity: string;
}

const fromProduct = (p: Product): Row[] =>
  p.components.map((c) => ({
    product: { id: c.component_id, master_sku: c.master_sku, name: c.name },
    quantity: String(c.quantity),
  }));

const validQty = (q: string) => /^\d+$/.test(q.trim()) && Number(q) >= 1;

/** Edit which products (and how many of each) make up a set. */
export function ComponentsEditor({ product, readOnly }: { product: Product; readOnly: boolean }) {
  const t = useT();
  const [rows, setRows] = useState<Row[]>(() => fromProduct(product));
  const [picked, setPicked] = useState<PickedProduct | null>(null);
  const [pickedQty, setPickedQty] = useState("1");
  const save = useSetComponents(product.id);

  useEffect(() => setRows(fromProduct(product)), [product]);

  const allValid = rows.every((r) => validQty(r.quantity));
  const addPicked = () => {
    if (!picked || !validQty(pickedQty)) return;
    setRows((rs) => [...rs, { product: picked, quantity: pickedQty.trim() }]);
    setPicked(null);
    setPickedQty("1");
    save.reset();
  };

  return (
    <Card title={t("components.title")} data-testid="components-editor">
      <p className="mb-3 text-sm text-slate-500">{t("components.hint")}</p>
      {rows.length === 0 ? (
        <EmptyState>{t("components.empty")}</EmptyState>
      ) : (
        <Table data-testid="components-table">
          <THead>
            <tr>
              <Th>{t("product.masterSku")}</Th>
              <Th>{t("product.name")}</Th>
              <Th className="w-32">{t("components.quantity")}</Th>
              {!readOnly && <Th className="w-20" />}
            </tr>
          </THead>
          <TBody>
            {rows.map((r, i) => (
              <tr key={r.product.id} data-testid="component-row">
                <Td className="font-mono text-xs">{r.product.master_sku}</Td>
                <Td>{r.product.name}</Td>
                <Td>
                  {readOnly ? (
                    r.quantity
                  ) : (
                    <Input
                      inputMode="numeric"
                      value={r.quantity}
                      aria-label={`${r.product.master_sku} ${t("components.quantity")}`}
                      aria-invalid={!validQty(r.quantity)}
                      onChange={(e) => {
                        const quantity = e.target.value;
                        setRows((rs) => rs.map((x, j) => (j === i ? { ...x, quantity } : x)));
                        save.reset();
                      }}
                      data-testid="component-quantity"
                    />
                  )}
                </Td>
                {!readOnly && (
                  <Td className="text-right">
                    <Button
                      variant="ghost"
                      size="sm"
                      onClick={() => {
                        setRows((rs) => rs.filter((_, j) => j !== i));
                        save.reset();
                      }}
                    >
                      {t("common.remove")}
                    </Button>
                  </Td>
                )}
              </tr>
            ))}
          </TBody>
        </Table>
      )}

      {!readOnly && (
        <div className="mt-4 space-y-3">
          <div className="grid grid-cols-1 items-end gap-3 sm:grid-cols-[1fr_7rem_auto]">
            <Field label={t("components.product")}>
              {(id) => (
                <ProductPicker
                  inputId={id}
                  value={picked}
                  onChange={setPicked}
                  exclude={[product.id, ...rows.map((r) => r.product.id)]}
                  testId="component-picker"
                />
              )}
            </Field>
            <Field label={t("components.quantity")}>
              {(id) => (
                <Input id={id} inputMode="numeric" value={pickedQty} onChange={(e) => setPickedQty(e.target.value)}
                  aria-invalid={!validQty(pickedQty)} data-testid="component-add-quantity" />
              )}
            </Field>
            <Button variant="secondary" onClick={addPicked} disabled={!picked || !validQty(pickedQty)} data-testid="component-add">
              {t("components.add")}
            </Button>
          </div>
          {!allValid && <p className="text-xs text-red-600">{t("validation.positive")}</p>}
          <ErrorAlert error={save.error} />
          {save.isSuccess && <SuccessNote>{t("components.saved")}</SuccessNote>}
          <div className="flex justify-end">
            <Button
              disabled={!allValid || save.isPending}
              onClick={() => save.mutate(rows.map((r) => ({ component_id: r.product.id, quantity: Number(r.quantity) })))}
              data-testid="components-save"
            >
              {save.isPending ? t("common.saving") : t("components.save")}
            </Button>
          </div>
        </div>
      )}
    </Card>
  );
}
