import { ComingSoon } from "../features/placeholders/ComingSoon";

export default function AlertsRoute() {
  return <ComingSoon title="nav.alerts" description="soon.alerts" testId="alerts-page" />;
}
