import type { Metadata } from "next";
import { RegisterView } from "@/components/auth/register-view";

// A link mailed before invite codes moved to the fragment carries its code in the query: it is not
// handed on to other sites.
export const metadata: Metadata = { title: "Create account", referrer: "no-referrer" };

export default function RegisterPage() {
  return <RegisterView />;
}
