import { useNavigate } from "react-router-dom";
import { useT } from "../../i18n";
import type { Me } from "../../client/types";
import { Badge, Button } from "../../components/ui";
import { useLogout } from "../auth/api";
import { LanguageSwitch } from "./LanguageSwitch";

export function Header({ me }: { me: Me }) {
  const t = useT();
  const navigate = useNavigate();
  const logout = useLogout();
  return (
    <header className="flex h-14 items-center justify-between gap-4 border-b border-slate-200 bg-white px-5">
      <div className="truncate text-sm font-semibold text-slate-800" data-testid="tenant-name">
        {me.tenant.name}
      </div>
      <div className="flex items-center gap-3">
        <span className="hidden text-sm text-slate-600 sm:inline" data-testid="user-email">
          {me.email}
        </span>
        <Badge tone="info" data-testid="user-role">
          {t(`role.${me.role}`)}
        </Badge>
        <LanguageSwitch />
        <Button
          variant="ghost"
          size="sm"
          data-testid="logout"
          disabled={logout.isPending}
          onClick={() => logout.mutate(undefined, { onSettled: () => navigate("/login", { replace: true }) })}
        >
          {t("header.logout")}
        </Button>
      </div>
    </header>
  );
}
