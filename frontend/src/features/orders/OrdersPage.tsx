import type { ReactNode } from "react";
import { NavLink } from "react-router-dom";
import { useT, type MessageKey } from "../../i18n";
import { PageHeader, tabLinkClass } from "../../components/ui";

export type OrdersTab = "recommendations" | "purchase-orders" | "scenarios" | "policy" | "human-ai";

const TABS: { tab: OrdersTab; to: string; label: MessageKey }[] = [
  { tab: "recommendations", to: "/orders", label: "orders.tab.recommendations" },
  { tab: "purchase-orders", to: "/orders/purchase-orders", label: "orders.tab.purchaseOrders" },
  { tab: "scenarios", to: "/orders/scenarios", label: "orders.tab.scenarios" },
  { tab: "policy", to: "/orders/policy", label: "orders.tab.policy" },
  { tab: "human-ai", to: "/orders/human-ai", label: "orders.tab.humanAi" },
];

/** 발주: the page header and the route tabs around one tab's content. */
export function OrdersPage({ children }: { children: ReactNode }) {
  const t = useT();
  return (
    <div className="space-y-5" data-testid="orders-page">
      <PageHeader title={t("orders.title")} subtitle={t("orders.subtitle")} />
      <nav className="flex flex-wrap gap-1 border-b border-slate-200" aria-label={t("orders.title")}>
        {TABS.map(({ tab, to, label }) => (
          <NavLink key={tab} to={to} end={tab === "recommendations"} className={tabLinkClass} data-testid={`orders-tab-${tab}`}>
            {t(label)}
          </NavLink>
        ))}
      </nav>
      {children}
    </div>
  );
}
