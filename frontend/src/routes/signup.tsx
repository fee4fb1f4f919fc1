import { SignupForm } from "../features/auth/SignupForm";

export default function SignupRoute() {
  return <SignupForm />;
}
