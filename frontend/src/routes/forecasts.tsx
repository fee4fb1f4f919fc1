import { ComingSoon } from "../features/placeholders/ComingSoon";

export default function ForecastsRoute() {
  return <ComingSoon title="nav.forecasts" description="soon.forecasts" testId="forecasts-page" />;
}
