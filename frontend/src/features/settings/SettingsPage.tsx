import { useEffect } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { useT } from "../../i18n";
import type { TenantSettings } from "../../client/types";
import { Button, Card, ErrorAlert, Field, Input, PageHeader, Select, Spinner, SuccessNote } from "../../components/ui";
import { applyServerFieldErrors } from "../../lib/forms";
import { useCurrentUser } from "../auth/context";
import { can } from "../auth/roles";
import { useChangePassword } from "../auth/api";
import { PASSWORD_MIN } from "../auth/SignupForm";
import { useTenantSettings, useUpdateTenantSettings } from "./api";

export function SettingsPage() {
  const t = useT();
  return (
    <div className="max-w-2xl space-y-6" data-testid="settings-page">
      <PageHeader title={t("settings.title")} />
      <TenantSettingsCard />
      <ChangePasswordCard />
    </div>
  );
}

const tenantSchema = z.object({
  name: z.string().trim().min(1, "validation.required").max(200, "validation.tooLong"),
  allow_negative_stock: z.boolean(),
  default_language: z.enum(["ko", "en"]),
  timezone: z.string().min(1, "validation.required"),
});

// Business days (date filters, daily sales) are days in the tenant's time zone.
const TIME_ZONES = ["Asia/Seoul", "Asia/Tokyo", "Asia/Shanghai", "Asia/Singapore", "Europe/London",
  "America/New_York", "America/Los_Angeles", "UTC"];
type TenantValues = z.infer<typeof tenantSchema>;

function TenantSettingsCard() {
  const t = useT();
  const me = useCurrentUser();
  const editable = can(me.role, "editSettings");
  const settings = useTenantSettings();
  const save = useUpdateTenantSettings();
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors, isDirty },
  } = useForm<TenantValues>({ resolver: zodResolver(tenantSchema) });

  useEffect(() => {
    if (settings.data) reset(pick(settings.data));
  }, [settings.data, reset]);

  return (
    <Card title={t("settings.tenant")} data-testid="tenant-settings">
      {!editable && <p className="mb-3 text-sm text-slate-500">{t("settings.ownerOnly")}</p>}
      <ErrorAlert error={settings.error} onRetry={() => void settings.refetch()} />
      {settings.isPending ? (
        <Spinner />
      ) : settings.data ? (
        <form
          noValidate
          data-testid="tenant-settings-form"
          onSubmit={handleSubmit((v) =>
            save.mutate(v, { onError: (e) => applyServerFieldErrors(e, setError, ["name", "allow_negative_stock", "default_language", "timezone"]) }),
          )}
        >
          <fieldset disabled={!editable || save.isPending} className="space-y-4">
            <Field label={t("settings.tenantName")} error={errors.name?.message} required>
              {(id) => <Input id={id} aria-invalid={!!errors.name} data-testid="settings-name" {...register("name")} />}
            </Field>
            <div>
              <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
                <input type="checkbox" className="h-4 w-4 rounded border-slate-300" data-testid="settings-allow-negative"
                  {...register("allow_negative_stock")} />
                {t("settings.allowNegative")}
              </label>
              <p className="mt-1 ml-6 text-xs text-slate-500">{t("settings.allowNegativeHint")}</p>
            </div>
            <Field label={t("settings.defaultLanguage")} error={errors.default_language?.message}>
              {(id) => (
                <Select id={id} className="w-48" data-testid="settings-language" {...register("default_language")}>
                  <option value="ko">{t("lang.ko")}</option>
                  <option value="en">{t("lang.en")}</option>
                </Select>
              )}
            </Field>
            <Field label={t("settings.timezone")} error={errors.timezone?.message}>
              {(id) => (
                <Select id={id} className="w-64" data-testid="settings-timezone" {...register("timezone")}>
                  {[...new Set([settings.data.timezone, ...TIME_ZONES])].map((zone) => (
                    <option key={zone} value={zone}>{zone}</option>
                  ))}
                </Select>
              )}
            </Field>
            <p className="-mt-2 text-xs text-slate-500">{t("settings.timezoneHint")}</p>
          </fieldset>
          {editable && (
            <div className="mt-4 space-y-3">
              <ErrorAlert error={save.error} />
              {save.isSuccess && !isDirty && <SuccessNote>{t("common.saved")}</SuccessNote>}
              <div className="flex justify-end">
                <Button type="submit" disabled={save.isPending || !isDirty} data-testid="settings-submit">
                  {save.isPending ? t("common.saving") : t("common.save")}
                </Button>
              </div>
            </div>
          )}
        </form>
      ) : null}
    </Card>
  );
}

function pick(s: TenantSettings): TenantValues {
  return { name: s.name, allow_negative_stock: s.allow_negative_stock, default_language: s.default_language,
    timezone: s.timezone };
}

const passwordSchema = z.object({
  current_password: z.string().min(1, "validation.required"),
  new_password: z.string().min(PASSWORD_MIN, "validation.passwordMin"),
});
type PasswordValues = z.infer<typeof passwordSchema>;

function ChangePasswordCard() {
  const t = useT();
  const change = useChangePassword();
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors },
  } = useForm<PasswordValues>({
    resolver: zodResolver(passwordSchema),
    defaultValues: { current_password: "", new_password: "" },
  });
  return (
    <Card title={t("settings.password")} data-testid="change-password">
      <form
        noValidate
        className="space-y-4"
        data-testid="password-form"
        onSubmit={handleSubmit((v) =>
          change.mutate(v, {
            onSuccess: () => reset(),
            onError: (e) => applyServerFieldErrors(e, setError, ["current_password", "new_password"]),
          }),
        )}
      >
        <Field label={t("settings.currentPassword")} error={errors.current_password?.message} required>
          {(id) => (
            <Input id={id} type="password" autoComplete="current-password" aria-invalid={!!errors.current_password}
              data-testid="password-current" {...register("current_password")} />
          )}
        </Field>
        <Field label={t("settings.newPassword")} hint={t("auth.passwordHint")} error={errors.new_password?.message} required>
          {(id) => (
            <Input id={id} type="password" autoComplete="new-password" aria-invalid={!!errors.new_password}
              data-testid="password-new" {...register("new_password")} />
          )}
        </Field>
        <ErrorAlert error={change.error} />
        {change.isSuccess && <SuccessNote>{t("settings.passwordChanged")}</SuccessNote>}
        <div className="flex justify-end">
          <Button type="submit" disabled={change.isPending} data-testid="password-submit">
            {change.isPending ? t("common.saving") : t("settings.changePassword")}
          </Button>
        </div>
      </form>
    </Card>
  );
}
