import type { OrdersTab } from "./OrdersPage";
import { PurchaseOrdersList } from "./purchase-orders/PurchaseOrdersList";
import { RecommendationsView } from "./recommendations/RecommendationsView";
import { PolicyView } from "./policy/PolicyView";
import { ScenariosView } from "./scenarios/ScenariosView";
import { HumanAiView } from "./human-ai/HumanAiView";

export function OrdersTabContent({ tab }: { tab: OrdersTab }) {
  switch (tab) {
    case "recommendations":
      return <RecommendationsView />;
    case "purchase-orders":
      return <PurchaseOrdersList />;
    case "policy":
      return <PolicyView />;
    case "scenarios":
      return <ScenariosView />;
    case "human-ai":
      return <HumanAiView />;
  }
}
