import { Link } from "react-router-dom";
import { useT } from "../i18n";

export default function NotFoundRoute() {
  const t = useT();
  return (
    <div className="mx-auto mt-16 max-w-md text-center" data-testid="not-found">
      <h1 className="text-xl font-bold text-slate-900">{t("error.notFound")}</h1>
      <p className="mt-2 text-sm text-slate-500">{t("error.notFoundHint")}</p>
      <Link to="/products" className="mt-4 inline-block text-sm text-sky-700 hover:underline">{t("nav.products")}</Link>
    </div>
  );
}
