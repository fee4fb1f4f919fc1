import { NavLink } from "react-router-dom";
import { useT } from "../../i18n";
import { ErrorAlert, PageHeader, tabLinkClass } from "../../components/ui";
import { useActiveRun } from "./api";
import { AccuracyView } from "./AccuracyView";
import { CategoryForecasts } from "./CategoryForecasts";
import { ProductForecasts } from "./ProductForecasts";
import { LatestRunSummary, RunControls, RunProgress } from "./RunPanel";
import { latestSucceeded } from "./model";

export type ForecastTab = "products" | "categories" | "accuracy";

/** 예측: run a forecast, follow it, and read it by product, by category, or its accuracy. */
export function ForecastsPage({ tab }: { tab: ForecastTab }) {
  const t = useT();
  const { runs, active, job } = useActiveRun();
  const items = runs.data?.items ?? [];
  const models = Object.keys(latestSucceeded(items)?.model_counts ?? {}).sort();
  const emptyAction = <RunControls active={!!active} withHorizon={false} testId="forecast-run-empty" />;

  return (
    <div className="space-y-5" data-testid="forecasts-page">
      <PageHeader
        title={t("forecasts.title")}
        subtitle={t("forecasts.subtitle")}
        actions={<RunControls active={!!active} />}
      />
      {/* a failed poll keeps showing the last runs: only say so when there is nothing to show */}
      {!runs.data && <ErrorAlert error={runs.error} onRetry={() => void runs.refetch()} />}
      {active && <RunProgress run={active} job={job.data} />}
      <LatestRunSummary runs={items} />
      <ForecastTabs />
      {tab === "products" && <ProductForecasts models={models} emptyAction={emptyAction} />}
      {tab === "categories" && <CategoryForecasts emptyAction={emptyAction} />}
      {tab === "accuracy" && <AccuracyView />}
    </div>
  );
}

function ForecastTabs() {
  const t = useT();
  return (
    <nav className="flex gap-1 border-b border-slate-200" aria-label={t("forecasts.title")}>
      <NavLink to="/forecasts" end className={tabLinkClass} data-testid="forecast-tab-products">
        {t("forecasts.tab.products")}
      </NavLink>
      <NavLink to="/forecasts/categories" end className={tabLinkClass} data-testid="forecast-tab-categories">
        {t("forecasts.tab.categories")}
      </NavLink>
      <NavLink to="/forecasts/accuracy" end className={tabLinkClass} data-testid="forecast-tab-accuracy">
        {t("forecasts.tab.accuracy")}
      </NavLink>
    </nav>
  );
}
