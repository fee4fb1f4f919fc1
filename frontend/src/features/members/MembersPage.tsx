import { useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { useLang, useT } from "../../i18n";
import type { Member, Role } from "../../client/types";
import { Badge, Button, EmptyState, ErrorAlert, Field, Input, Modal, PageHeader, Select, Spinner } from "../../components/ui";
import { Table, TBody, Td, Th, THead } from "../../components/table";
import { formatDateTime } from "../../lib/format";
import { applyServerFieldErrors } from "../../lib/forms";
import { useCurrentUser } from "../auth/context";
import { ROLES } from "../auth/roles";
import { PASSWORD_MIN } from "../auth/SignupForm";
import { useCreateMember, useMembers, useUpdateMember } from "./api";

const memberSchema = z.object({
  email: z.string().trim().min(1, "validation.required").email("validation.email"),
  name: z.string().trim().min(1, "validation.required").max(100, "validation.tooLong"),
  role: z.enum(["owner", "manager", "staff", "viewer"]),
  password: z.string().min(PASSWORD_MIN, "validation.passwordMin"),
});
type MemberValues = z.infer<typeof memberSchema>;

export function MembersPage() {
  const t = useT();
  const [lang] = useLang();
  const me = useCurrentUser();
  const members = useMembers();
  const update = useUpdateMember();
  const [adding, setAdding] = useState(false);

  return (
    <div data-testid="members-page">
      <PageHeader
        title={t("members.title")}
        subtitle={t("members.subtitle")}
        actions={
          <Button onClick={() => setAdding(true)} data-testid="member-add">
            {t("members.add")}
          </Button>
        }
      />
      <ErrorAlert error={members.error ?? update.error} onRetry={() => void members.refetch()} className="mb-3" />
      {members.isPending ? (
        <Spinner />
      ) : members.data && members.data.length === 0 ? (
        <EmptyState>{t("members.empty")}</EmptyState>
      ) : members.data ? (
        <Table data-testid="members-table">
          <THead>
            <tr>
              <Th>{t("members.email")}</Th>
              <Th>{t("members.name")}</Th>
              <Th>{t("members.role")}</Th>
              <Th>{t("members.active")}</Th>
              <Th>{t("members.lastLogin")}</Th>
              <Th className="text-right">{t("common.actions")}</Th>
            </tr>
          </THead>
          <TBody>
            {members.data.map((m: Member) => {
              const self = m.id === me.id;
              return (
                <tr key={m.id} data-testid="member-row" className={m.is_active ? undefined : "text-slate-400"}>
                  <Td>
                    {m.email}
                    {self && <span className="ml-1.5 text-xs text-slate-400">({t("members.you")})</span>}
                  </Td>
                  <Td>{m.name}</Td>
                  <Td>
                    <Select
                      value={m.role}
                      disabled={self || update.isPending}
                      onChange={(e) => update.mutate({ id: m.id, body: { role: e.target.value as Role } })}
                      aria-label={`${m.email} ${t("members.role")}`}
                      className="w-32 py-1"
                      data-testid="member-role"
                    >
                      {ROLES.map((r) => (
                        <option key={r} value={r}>{t(`role.${r}`)}</option>
                      ))}
                    </Select>
                  </Td>
                  <Td>
                    <Badge tone={m.is_active ? "success" : "neutral"}>
                      {m.is_active ? t("members.isActive") : t("members.inactive")}
                    </Badge>
                  </Td>
                  <Td className="whitespace-nowrap tabular-nums">
                    {m.last_login_at ? formatDateTime(m.last_login_at, lang) : t("members.never")}
                  </Td>
                  <Td className="text-right">
                    {!self && (
                      <Button
                        variant="secondary"
                        size="sm"
                        disabled={update.isPending}
                        onClick={() => update.mutate({ id: m.id, body: { is_active: !m.is_active } })}
                        data-testid="member-toggle-active"
                      >
                        {m.is_active ? t("members.deactivate") : t("members.reactivate")}
                      </Button>
                    )}
                  </Td>
                </tr>
              );
            })}
          </TBody>
        </Table>
      ) : null}
      <Modal open={adding} onClose={() => setAdding(false)} title={t("members.addTitle")} data-testid="member-dialog">
        {adding && <AddMemberForm onDone={() => setAdding(false)} />}
      </Modal>
    </div>
  );
}

function AddMemberForm({ onDone }: { onDone: () => void }) {
  const t = useT();
  const create = useCreateMember();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<MemberValues>({
    resolver: zodResolver(memberSchema),
    defaultValues: { email: "", name: "", role: "staff", password: "" },
  });
  const onSubmit = handleSubmit((v) =>
    create.mutate(v, {
      onSuccess: onDone,
      onError: (e) => applyServerFieldErrors(e, setError, ["email", "name", "role", "password"]),
    }),
  );
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" data-testid="member-form">
      <Field label={t("members.email")} error={errors.email?.message} required>
        {(id) => <Input id={id} type="email" autoComplete="off" aria-invalid={!!errors.email} data-testid="member-email" {...register("email")} />}
      </Field>
      <Field label={t("members.name")} error={errors.name?.message} required>
        {(id) => <Input id={id} aria-invalid={!!errors.name} data-testid="member-name" {...register("name")} />}
      </Field>
      <Field label={t("members.role")} error={errors.role?.message} required>
        {(id) => (
          <Select id={id} data-testid="member-new-role" {...register("role")}>
            {ROLES.map((r) => (
              <option key={r} value={r}>{t(`role.${r}`)}</option>
            ))}
          </Select>
        )}
      </Field>
      <Field label={t("members.initialPassword")} hint={t("auth.passwordHint")} error={errors.password?.message} required>
        {(id) => (
          <Input id={id} type="password" autoComplete="new-password" aria-invalid={!!errors.password}
            data-testid="member-password" {...register("password")} />
        )}
      </Field>
      <ErrorAlert error={create.error} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onDone}>{t("common.cancel")}</Button>
        <Button type="submit" disabled={create.isPending} data-testid="member-submit">
          {create.isPending ? t("common.saving") : t("members.add")}
        </Button>
      </div>
    </form>
  );
}
