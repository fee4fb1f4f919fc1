import { Suspense } from "react";
import { Navigate, Outlet, useLocation } from "react-router-dom";
import { useT } from "../../i18n";
import { ErrorAlert, Spinner } from "../../components/ui";
import { useMe } from "../auth/api";
import { CurrentUserContext } from "../auth/context";
import { Header } from "./Header";
import { Sidebar } from "./Sidebar";

/** The authenticated shell: redirects to /login without a session. */
export function AppLayout() {
  const t = useT();
  const location = useLocation();
  const me = useMe();

  if (me.isPending) {
    return (
      <div className="flex min-h-screen items-center justify-center">
        <Spinner />
      </div>
    );
  }
  if (me.isError) {
    return (
      <div className="mx-auto max-w-md p-10">
        <ErrorAlert error={me.error} onRetry={() => void me.refetch()} />
      </div>
    );
  }
  if (!me.data) {
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  }

  return (
    <CurrentUserContext.Provider value={me.data}>
      <div className="flex min-h-screen flex-col md:flex-row">
        <aside className="shrink-0 bg-slate-900 md:w-56">
          <div className="md:sticky md:top-0 md:max-h-screen md:overflow-y-auto">
            <div className="flex h-14 items-center px-5 text-lg font-bold tracking-tight text-white">
              {t("app.name")}
            </div>
            <Sidebar role={me.data.role} />
          </div>
        </aside>
        <div className="flex min-w-0 flex-1 flex-col">
          <Header me={me.data} />
          <main className="flex-1 px-5 py-6 lg:px-8" data-testid="page">
            <Suspense fallback={<Spinner />}>
              <Outlet />
            </Suspense>
          </main>
        </div>
      </div>
    </CurrentUserContext.Provider>
  );
}
