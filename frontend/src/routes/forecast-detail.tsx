import { Navigate, useParams } from "react-router-dom";
import { ForecastDetailView } from "../features/forecasts/ForecastDetail";

export default function ForecastDetailRoute() {
  const { id, name } = useParams();
  if (name !== undefined) return <ForecastDetailView key={`c-${name}`} target={{ kind: "category", name }} />;
  if (id === undefined || !/^\d+$/.test(id)) return <Navigate to="/forecasts" replace />;
  const productId = Number(id);
  // key: a fresh page (the override form) per product
  return <ForecastDetailView key={`p-${productId}`} target={{ kind: "product", id: productId }} />;
}
