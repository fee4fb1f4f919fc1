import { Navigate, useParams } from "react-router-dom";
import { ForecastsPage, type ForecastTab } from "../features/forecasts/ForecastsPage";

const TABS: Record<string, ForecastTab> = { categories: "categories", accuracy: "accuracy" };

export default function ForecastsRoute() {
  const { tab } = useParams();
  if (tab !== undefined && !(tab in TABS)) return <Navigate to="/forecasts" replace />;
  return <ForecastsPage tab={tab === undefined ? "products" : TABS[tab]} />;
}
