import { AuditPage } from "../features/audit/AuditPage";
import { RequirePermission } from "../features/layout/RequirePermission";

export default function AuditRoute() {
  return (
    <RequirePermission permission="viewAudit">
      <AuditPage />
    </RequirePermission>
  );
}
