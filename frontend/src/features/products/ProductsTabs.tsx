import { NavLink } from "react-router-dom";
import { useT } from "../../i18n";
import { tabLinkClass } from "../../components/ui";

/** Products | Suppliers tabs (suppliers live under the Products section). */
export function ProductsTabs() {
  const t = useT();
  return (
    <nav className="mb-5 flex gap-1 border-b border-slate-200" aria-label={t("nav.products")}>
      <NavLink to="/products" end className={tabLinkClass} data-testid="tab-products">
        {t("products.tabProducts")}
      </NavLink>
      <NavLink to="/suppliers" className={tabLinkClass} data-testid="tab-suppliers">
        {t("products.tabSuppliers")}
      </NavLink>
    </nav>
  );
}
