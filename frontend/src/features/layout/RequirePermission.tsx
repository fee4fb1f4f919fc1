import type { ReactNode } from "react";
import { useT } from "../../i18n";
import { can, type Permission } from "../auth/roles";
import { useCurrentUser } from "../auth/context";

export function Forbidden() {
  const t = useT();
  return (
    <div className="mx-auto mt-16 max-w-md text-center" data-testid="forbidden">
      <div className="text-4xl" aria-hidden="true">🔒</div>
      <h1 className="mt-3 text-xl font-bold text-slate-900">{t("error.forbidden")}</h1>
      <p className="mt-2 text-sm text-slate-500">{t("error.forbiddenHint")}</p>
    </div>
  );
}

/** Renders children only for roles with `permission`, else the "no permission" page. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const me = useCurrentUser();
  return can(me.role, permission) ? <>{children}</> : <Forbidden />;
}
