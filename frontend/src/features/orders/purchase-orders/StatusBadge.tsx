import { useT } from "../../../i18n";
import { Badge } from "../../../components/ui";
import { STATUS_TONES } from "../model";
import type { PurchaseOrderStatus } from "../types";

export function StatusBadge({ status }: { status: PurchaseOrderStatus }) {
  const t = useT();
  return (
    <Badge tone={STATUS_TONES[status]} data-testid="po-status">
      {t(`orders.status.${status}`)}
    </Badge>
  );
}

export function LateBadge({ className }: { className?: string }) {
  const t = useT();
  return (
    <Badge tone="danger" className={className} data-testid="po-late">
      {t("orders.po.late")}
    </Badge>
  );
}
