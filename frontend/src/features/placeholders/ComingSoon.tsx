import { Link } from "react-router-dom";
import { useT, type MessageKey } from "../../i18n";
import { Badge, PageHeader } from "../../components/ui";

/** An honest "not built yet" page: says what will appear here, shows no fake data. */
export function ComingSoon({ title, description, testId }: { title: MessageKey; description: MessageKey; testId: string }) {
  const t = useT();
  return (
    <div data-testid={testId}>
      <PageHeader title={t(title)} />
      <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
        <Badge tone="info">{t("soon.badge")}</Badge>
        <h2 className="mt-3 text-lg font-semibold text-slate-800">{t("soon.title")}</h2>
        <p className="mx-auto mt-2 max-w-xl text-sm leading-6 text-slate-600">{t(description)}</p>
        <p className="mx-auto mt-4 max-w-xl text-sm text-slate-500">
          {t("soon.meanwhile")}{" "}
          <Link to="/products" className="text-sky-700 hover:underline">{t("nav.products")}</Link>
          {" · "}
          <Link to="/stock" className="text-sky-700 hover:underline">{t("nav.stock")}</Link>
        </p>
      </div>
    </div>
  );
}
