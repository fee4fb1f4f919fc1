import { NavLink } from "react-router-dom";
import { useT } from "../../i18n";
import { cn } from "../../lib/cn";

/** Products | Suppliers tabs (suppliers live under the Products section). */
export function ProductsTabs() {
  const t = useT();
  const tab = ({ isActive }: { isActive: boolean }) =>
    cn(
      "-mb-px border-b-2 px-3 py-2 text-sm font-medium",
      isActive ? "border-slate-800 text-slate-900" : "border-transparent text-slate-500 hover:text-slate-800",
    );
  return (
    <nav className="mb-5 flex gap-1 border-b border-slate-200" aria-label={t("nav.products")}>
      <NavLink to="/products" end className={tab} data-testid="tab-products">
        {t("products.tabProducts")}
      </NavLink>
      <NavLink to="/suppliers" className={tab} data-testid="tab-suppliers">
        {t("products.tabSuppliers")}
      </NavLink>
    </nav>
  );
}
