import { useState } from "react";
import { useT } from "../../i18n";
import type { Channel, Product } from "../../client/types";
import { Button, Card, EmptyState, ErrorAlert, Field, Input, Select } from "../../components/ui";
import { Table, TBody, Td, Th, THead } from "../../components/table";
import { useCreateChannelSku, useDeleteChannelSku } from "./api";

export const CHANNELS: readonly Channel[] = ["coupang", "smartstore", "own_mall", "other"];

/** Map sales-channel SKUs (쿠팡, 스마트스토어, 자사몰, …) to this master SKU. */
export function ChannelSkusEditor({ product, readOnly }: { product: Product; readOnly: boolean }) {
  const t = useT();
  const [channel, setChannel] = useState<Channel>("coupang");
  const [sku, setSku] = useState("");
  const create = useCreateChannelSku();
  const remove = useDeleteChannelSku(product.id);

  return (
    <Card title={t("channels.title")} data-testid="channel-skus">
      <p className="mb-3 text-sm text-slate-500">{t("channels.hint")}</p>
      {product.channel_skus.length === 0 ? (
        <EmptyState>{t("channels.empty")}</EmptyState>
      ) : (
        <Table data-testid="channel-skus-table">
          <THead>
            <tr>
              <Th>{t("channels.channel")}</Th>
              <Th>{t("channels.channelSku")}</Th>
              {!readOnly && <Th className="w-20" />}
            </tr>
          </THead>
          <TBody>
            {product.channel_skus.map((c) => (
              <tr key={c.id} data-testid="channel-sku-row">
                <Td>{t(`channel.${c.channel}`)}</Td>
                <Td className="font-mono text-xs">{c.channel_sku}</Td>
                {!readOnly && (
                  <Td className="text-right">
                    <Button variant="ghost" size="sm" disabled={remove.isPending} onClick={() => remove.mutate(c.id)}>
                      {t("common.remove")}
                    </Button>
                  </Td>
                )}
              </tr>
            ))}
          </TBody>
        </Table>
      )}
      {!readOnly && (
        <form
          className="mt-4 grid grid-cols-1 items-end gap-3 sm:grid-cols-[10rem_1fr_auto]"
          onSubmit={(e) => {
            e.preventDefault();
            const channel_sku = sku.trim();
            if (!channel_sku) return;
            create.mutate({ channel, channel_sku, product_id: product.id }, { onSuccess: () => setSku("") });
          }}
          data-testid="channel-sku-form"
        >
          <Field label={t("channels.channel")}>
            {(id) => (
              <Select id={id} value={channel} onChange={(e) => setChannel(e.target.value as Channel)} data-testid="channel-select">
                {CHANNELS.map((c) => (
                  <option key={c} value={c}>
                    {t(`channel.${c}`)}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field label={t("channels.channelSku")}>
            {(id) => <Input id={id} value={sku} onChange={(e) => setSku(e.target.value)} data-testid="channel-sku-input" />}
          </Field>
          <Button type="submit" variant="secondary" disabled={!sku.trim() || create.isPending} data-testid="channel-sku-add">
            {t("channels.add")}
          </Button>
        </form>
      )}
      <ErrorAlert error={create.error ?? remove.error} className="mt-3" />
    </Card>
  );
}
