import { Navigate, useParams } from "react-router-dom";
import { OrdersPage } from "../features/orders/OrdersPage";
import { PurchaseOrderDetailView } from "../features/orders/purchase-orders/PurchaseOrderDetail";

export default function PurchaseOrderRoute() {
  const { id } = useParams();
  if (id === undefined || !/^\d+$/.test(id)) return <Navigate to="/orders/purchase-orders" replace />;
  return (
    <OrdersPage>
      {/* key: fresh dialogs and mutations per order */}
      <PurchaseOrderDetailView key={id} id={Number(id)} />
    </OrdersPage>
  );
}
