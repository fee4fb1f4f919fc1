import { NavLink } from "react-router-dom";
import { useT } from "../../i18n";
import type { Role } from "../../client/types";
import { cn } from "../../lib/cn";
import { navFor } from "./nav";

export function Sidebar({ role }: { role: Role }) {
  const t = useT();
  return (
    <nav aria-label={t("nav.main")} className="flex flex-col gap-5 px-3 py-4" data-testid="sidebar">
      {navFor(role).map((section) => (
        <div key={section.label}>
          <div className="px-2 pb-1 text-[11px] font-semibold tracking-wider text-slate-400 uppercase">
            {t(section.label)}
          </div>
          <ul className="space-y-0.5">
            {section.items.map((item) => (
              <li key={item.id}>
                <NavLink
                  to={item.to}
                  data-testid={`nav-${item.id}`}
                  className={({ isActive }) =>
                    cn(
                      "flex items-center gap-2.5 rounded-md px-2 py-1.5 text-sm",
                      isActive
                        ? "bg-slate-700 font-medium text-white"
                        : "text-slate-300 hover:bg-slate-800 hover:text-white",
                    )
                  }
                >
                  <span aria-hidden="true" className="w-4 text-center text-xs opacity-80">
                    {item.icon}
                  </span>
                  {t(item.label)}
                </NavLink>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}
