import { Link, useNavigate } from "react-router-dom";
import { useLang, useT } from "../../i18n";
import { Badge, Button, Card, EmptyState, ErrorAlert, Spinner } from "../../components/ui";
import { formatNumber } from "../../lib/format";
import { useCurrentUser } from "../auth/context";
import { can } from "../auth/roles";
import { useMovements } from "../stock/api";
import { MovementTable } from "../stock/MovementTable";
import { useDeleteProduct, useProduct } from "./api";
import { ProductForm } from "./ProductForm";
import { ComponentsEditor } from "./ComponentsEditor";
import { ChannelSkusEditor } from "./ChannelSkusEditor";

export function ProductDetail({ id }: { id: number }) {
  const t = useT();
  const [lang] = useLang();
  const navigate = useNavigate();
  const me = useCurrentUser();
  const canWrite = can(me.role, "writeCatalog");
  const product = useProduct(id);
  const movements = useMovements({ product_id: id, page: 1, page_size: 10 });
  const del = useDeleteProduct(id);

  if (product.isPending) return <Spinner />;
  if (product.isError) {
    return (
      <div className="space-y-3">
        <Link to="/products" className="text-sm text-sky-700 hover:underline">← {t("products.backToList")}</Link>
        <ErrorAlert error={product.error} onRetry={() => void product.refetch()} />
      </div>
    );
  }
  const p = product.data;

  return (
    <div className="space-y-5" data-testid="product-detail">
      <div>
        <Link to="/products" className="text-sm text-sky-700 hover:underline" data-testid="back-to-products">
          ← {t("products.backToList")}
        </Link>
        <div className="mt-2 flex flex-wrap items-start justify-between gap-3">
          <div>
            <div className="font-mono text-xs text-slate-500">{p.master_sku}</div>
            <h1 className="text-xl font-bold text-slate-900" data-testid="product-title">{p.name}</h1>
            <div className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-600">
              <Badge tone={p.kind === "set" ? "info" : "neutral"}>{t(`product.kind.${p.kind}`)}</Badge>
              {p.category && <span>{p.category}</span>}
              {p.kind === "set" ? (
                <span className="text-slate-500">{t("products.setNoStock")}</span>
              ) : (
                <span>
                  {t("product.onHand")}:{" "}
                  <strong className="tabular-nums" data-testid="product-on-hand">{formatNumber(p.on_hand, lang)}</strong>
                </span>
              )}
              <span>
                {t("product.safetyStock")}: <span className="tabular-nums">{formatNumber(p.safety_stock, lang)}</span>
              </span>
            </div>
          </div>
          {canWrite && (
            <Button
              variant="danger"
              disabled={del.isPending}
              onClick={() => {
                if (window.confirm(t("common.confirmDelete"))) {
                  del.mutate(undefined, { onSuccess: () => navigate("/products", { replace: true }) });
                }
              }}
              data-testid="product-delete"
            >
              {t("products.deleteProduct")}
            </Button>
          )}
        </div>
        <ErrorAlert error={del.error} className="mt-3" />
      </div>

      <Card title={t("products.basicInfo")}>
        {!canWrite && <p className="mb-3 text-sm text-slate-500">{t("common.readOnly")}</p>}
        <ProductForm product={p} readOnly={!canWrite} />
      </Card>

      {p.kind === "set" && <ComponentsEditor product={p} readOnly={!canWrite} />}
      <ChannelSkusEditor product={p} readOnly={!canWrite} />

      <Card
        title={t("stock.ledger")}
        actions={
          <Link to={`/stock?m_product=${p.id}`} className="text-sm text-sky-700 hover:underline">
            {t("nav.stock")} →
          </Link>
        }
      >
        <ErrorAlert error={movements.error} />
        {movements.isPending ? (
          <Spinner />
        ) : movements.data && movements.data.items.length > 0 ? (
          <MovementTable movements={movements.data.items} showProduct={false} testId="product-movements" />
        ) : (
          <EmptyState>{t("stock.ledgerEmpty")}</EmptyState>
        )}
      </Card>
    </div>
  );
}
