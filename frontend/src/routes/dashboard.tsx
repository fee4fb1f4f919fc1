import { ComingSoon } from "../features/placeholders/ComingSoon";

export default function DashboardRoute() {
  return <ComingSoon title="nav.dashboard" description="soon.dashboard" testId="dashboard-page" />;
}
