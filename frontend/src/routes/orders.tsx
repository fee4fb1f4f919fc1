import { ComingSoon } from "../features/placeholders/ComingSoon";

export default function OrdersRoute() {
  return <ComingSoon title="nav.orders" description="soon.orders" testId="orders-page" />;
}
