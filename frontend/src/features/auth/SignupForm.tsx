import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { Link, useNavigate } from "react-router-dom";
import { useLang, useT } from "../../i18n";
import { Button, ErrorAlert, Field, Input } from "../../components/ui";
import { useSignup } from "./api";
import { AuthShell } from "./AuthShell";
import { applyServerFieldErrors } from "../../lib/forms";

export const PASSWORD_MIN = 10;

const signupSchema = z.object({
  tenant_name: z.string().trim().min(1, "validation.required").max(200, "validation.tooLong"),
  name: z.string().trim().max(100, "validation.tooLong"),
  email: z.string().trim().min(1, "validation.required").email("validation.email"),
  password: z.string().min(PASSWORD_MIN, "validation.passwordMin"),
});
type SignupValues = z.infer<typeof signupSchema>;

export function SignupForm() {
  const t = useT();
  const [lang] = useLang();
  const navigate = useNavigate();
  const signup = useSignup();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<SignupValues>({
    resolver: zodResolver(signupSchema),
    defaultValues: { tenant_name: "", name: "", email: "", password: "" },
  });

  const onSubmit = handleSubmit((v) =>
    signup.mutate(
      { tenant_name: v.tenant_name, email: v.email, password: v.password, name: v.name, language: lang },
      {
        onSuccess: () => navigate("/products", { replace: true }),
        onError: (e) => applyServerFieldErrors(e, setError, ["tenant_name", "name", "email", "password"]),
      },
    ),
  );

  return (
    <AuthShell title={t("auth.signupTitle")} subtitle={t("auth.signupHint")}>
      <form onSubmit={onSubmit} noValidate className="space-y-4" data-testid="signup-form">
        <ErrorAlert error={signup.error} />
        <Field label={t("auth.tenantName")} error={errors.tenant_name?.message} required>
          {(id) => (
            <Input id={id} autoComplete="organization" autoFocus data-testid="signup-tenant"
              aria-invalid={!!errors.tenant_name} {...register("tenant_name")} />
          )}
        </Field>
        <Field label={t("auth.name")} error={errors.name?.message}>
          {(id) => <Input id={id} autoComplete="name" data-testid="signup-name" {...register("name")} />}
        </Field>
        <Field label={t("auth.email")} error={errors.email?.message} required>
          {(id) => (
            <Input id={id} type="email" autoComplete="username" data-testid="signup-email"
              aria-invalid={!!errors.email} {...register("email")} />
          )}
        </Field>
        <Field label={t("auth.password")} hint={t("auth.passwordHint")} error={errors.password?.message} required>
          {(id) => (
            <Input id={id} type="password" autoComplete="new-password" data-testid="signup-password"
              aria-invalid={!!errors.password} {...register("password")} />
          )}
        </Field>
        <Button type="submit" className="w-full" disabled={signup.isPending} data-testid="signup-submit">
          {signup.isPending ? t("auth.signingUp") : t("auth.signup")}
        </Button>
      </form>
      <p className="mt-5 text-center text-sm text-slate-600">
        {t("auth.haveAccount")}{" "}
        <Link to="/login" className="font-medium text-sky-700 hover:underline" data-testid="link-login">
          {t("auth.goLogin")}
        </Link>
      </p>
    </AuthShell>
  );
}
