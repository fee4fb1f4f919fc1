import { MembersPage } from "../features/members/MembersPage";
import { RequirePermission } from "../features/layout/RequirePermission";

export default function MembersRoute() {
  return (
    <RequirePermission permission="manageMembers">
      <MembersPage />
    </RequirePermission>
  );
}
