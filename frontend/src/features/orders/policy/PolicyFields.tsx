import type { FieldErrors, UseFormRegister } from "react-hook-form";
import { useT } from "../../../i18n";
import { Field, Input, Select } from "../../../components/ui";
import { METHODS, MEASURES, RULES, type DefaultsValues } from "./policySchema";

/**
 * The policy's fields, shared by the defaults form and the override form. `inherit`: each field
 * may be left empty (the override then inherits), shown by an "inherit" option or placeholder.
 */
export function PolicyFields({ register, errors, inherit, idPrefix }: {
  /** The override form has these fields too (plus its target): pass its `register` cast to this. */
  register: UseFormRegister<DefaultsValues>;
  errors: FieldErrors<DefaultsValues>;
  inherit: boolean;
  idPrefix: string;
}) {
  const t = useT();
  const placeholder = inherit ? t("orders.policy.inherit") : undefined;
  const levelHint = inherit ? undefined : t("orders.policy.abcHint");
  const inheritOption = <option value="">{inherit ? t("orders.policy.inherit") : t("common.select")}</option>;
  return (
    <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
      <Field label={t("orders.policy.method")} error={errors.safety_stock_method?.message} required={!inherit} className="sm:col-span-2">
        {(id) => (
          <Select id={id} data-testid={`${idPrefix}-method`} {...register("safety_stock_method")}>
            {inheritOption}
            {METHODS.map((m) => <option key={m} value={m}>{t(`orders.method.${m}`)}</option>)}
          </Select>
        )}
      </Field>
      <Field label={t("orders.policy.measure")} error={errors.service_measure?.message} required={!inherit} className="sm:col-span-2">
        {(id) => (
          <Select id={id} data-testid={`${idPrefix}-measure`} {...register("service_measure")}>
            {inheritOption}
            {MEASURES.map((m) => <option key={m} value={m}>{t(`orders.measure.${m}`)}</option>)}
          </Select>
        )}
      </Field>
      <Field label={t("orders.policy.serviceLevelPct")} error={errors.service_level?.message} required={!inherit}
        hint={t("orders.policy.levelHint")}>
        {(id) => <Input id={id} inputMode="decimal" placeholder={placeholder} aria-invalid={!!errors.service_level}
          data-testid={`${idPrefix}-level`} {...register("service_level")} />}
      </Field>
      {(["a", "b", "c"] as const).map((cls) => {
        const key = `service_level_${cls}` as const;
        return (
          <Field key={cls} label={t("orders.policy.levelAbc", { cls: cls.toUpperCase() })} error={errors[key]?.message}
            hint={cls === "a" ? levelHint : undefined}>
            {(id) => <Input id={id} inputMode="decimal" placeholder={inherit ? placeholder : t("orders.policy.sameAsLevel")}
              aria-invalid={!!errors[key]} data-testid={`${idPrefix}-level-${cls}`} {...register(key)} />}
          </Field>
        );
      })}
      <Field label={t("orders.policy.orderRule")} error={errors.order_rule?.message} required={!inherit} className="sm:col-span-2">
        {(id) => (
          <Select id={id} data-testid={`${idPrefix}-rule`} {...register("order_rule")}>
            {inheritOption}
            {RULES.map((r) => <option key={r} value={r}>{t(`orders.rule.${r}`)}</option>)}
          </Select>
        )}
      </Field>
      <Field label={t("orders.policy.reviewDays")} error={errors.review_period_days?.message} required={!inherit}>
        {(id) => <Input id={id} inputMode="numeric" placeholder={placeholder} aria-invalid={!!errors.review_period_days}
          data-testid={`${idPrefix}-review`} {...register("review_period_days")} />}
      </Field>
      <Field label={t("orders.policy.holdingRate")} error={errors.holding_rate?.message} required={!inherit}
        hint={t("orders.policy.holdingHint")}>
        {(id) => <Input id={id} inputMode="decimal" placeholder={placeholder} aria-invalid={!!errors.holding_rate}
          data-testid={`${idPrefix}-holding`} {...register("holding_rate")} />}
      </Field>
      <Field label={t("orders.policy.orderingCost")} error={errors.ordering_cost?.message} hint={t("orders.policy.orderingCostHint")}>
        {(id) => <Input id={id} inputMode="decimal" placeholder={placeholder ?? t("orders.policy.notSet")}
          aria-invalid={!!errors.ordering_cost} data-testid={`${idPrefix}-ordering-cost`} {...register("ordering_cost")} />}
      </Field>
    </div>
  );
}
