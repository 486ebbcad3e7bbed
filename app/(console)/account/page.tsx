import { ChangePasswordForm } from "@/components/auth/change-password-form";

export default function AccountPage() {
  return <ChangePasswordForm />;
}
