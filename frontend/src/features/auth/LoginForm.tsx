import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { Link, useLocation, useNavigate } from "react-router-dom";
import { useT } from "../../i18n";
import { Button, ErrorAlert, Field, Input } from "../../components/ui";
import { useLogin } from "./api";
import { AuthShell } from "./AuthShell";

const loginSchema = z.object({
  email: z.string().trim().min(1, "validation.required").email("validation.email"),
  password: z.string().min(1, "validation.required"),
});
type LoginValues = z.infer<typeof loginSchema>;

export function LoginForm() {
  const t = useT();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  const login = useLogin();
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<LoginValues>({ resolver: zodResolver(loginSchema), defaultValues: { email: "", password: "" } });

  const onSubmit = handleSubmit((values) =>
    login.mutate(values, {
      onSuccess: () => navigate(from && from !== "/login" ? from : "/products", { replace: true }),
    }),
  );

  return (
    <AuthShell title={t("auth.loginTitle")}>
      <form onSubmit={onSubmit} noValidate className="space-y-4" data-testid="login-form">
        <ErrorAlert error={login.error} />
        <Field label={t("auth.email")} error={errors.email?.message}>
          {(id) => (
            <Input id={id} type="email" autoComplete="username" autoFocus data-testid="login-email"
              aria-invalid={!!errors.email} {...register("email")} />
          )}
        </Field>
        <Field label={t("auth.password")} error={errors.password?.message}>
          {(id) => (
            <Input id={id} type="password" autoComplete="current-password" data-testid="login-password"
              aria-invalid={!!errors.password} {...register("password")} />
          )}
        </Field>
        <Button type="submit" className="w-full" disabled={login.isPending} data-testid="login-submit">
          {login.isPending ? t("auth.loggingIn") : t("auth.login")}
        </Button>
      </form>
      <p className="mt-5 text-center text-sm text-slate-600">
        {t("auth.noAccount")}{" "}
        <Link to="/signup" className="font-medium text-sky-700 hover:underline" data-testid="link-signup">
          {t("auth.goSignup")}
        </Link>
      </p>
    </AuthShell>
  );
}
