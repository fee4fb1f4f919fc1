import { StockPage } from "../features/stock/StockPage";

export default function StockRoute() {
  return <StockPage />;
}
