import { Navigate, useParams } from "react-router-dom";
import { OrdersPage, type OrdersTab } from "../features/orders/OrdersPage";
import { OrdersTabContent } from "../features/orders/OrdersTabContent";

const TABS: Record<string, OrdersTab> = {
  "purchase-orders": "purchase-orders",
  scenarios: "scenarios",
  policy: "policy",
  "human-ai": "human-ai",
};

export default function OrdersRoute() {
  const { tab } = useParams();
  if (tab !== undefined && !(tab in TABS)) return <Navigate to="/orders" replace />;
  const current = tab === undefined ? "recommendations" : TABS[tab];
  return (
    <OrdersPage>
      <OrdersTabContent tab={current} />
    </OrdersPage>
  );
}
