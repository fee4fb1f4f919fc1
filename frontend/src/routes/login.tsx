import { LoginForm } from "../features/auth/LoginForm";

export default function LoginRoute() {
  return <LoginForm />;
}
