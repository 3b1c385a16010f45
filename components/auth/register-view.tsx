"use client";

import { useEffect, useSyncExternalStore } from "react";
import { useInviteDescription } from "@/hooks/use-users";
import { apiError, errorMessage } from "@/lib/api-client";
import { AuthCard } from "./auth-card";
import { RegisterForm } from "./register-form";

// An invite link carries its code in the fragment (#invite=…), which the browser never sends to a server;
// links mailed before it did carry it in the query, and still work.
const subscribe = (onChange: () => void) => {
  window.addEventListener("hashchange", onChange);
  return () => window.removeEventListener("hashchange", onChange);
};
const inviteFromLocation = () =>
  (new URLSearchParams(window.location.hash.slice(1)).get("invite") ?? new URLSearchParams(window.location.search).get("invite") ?? "").trim();

const SIGN_IN = { prompt: "Already have an account?", href: "/login", label: "Sign in" };
const INVALID_INVITE = "This invite link is invalid, already used or expired. Ask whoever invited you for a new one.";

/** The sign-up page: from an invite link, it names the business and the role once the code is checked. */
export function RegisterView() {
  const inviteCode = useSyncExternalStore(subscribe, inviteFromLocation, () => "");
  const description = useInviteDescription(inviteCode);

  useEffect(() => {
    // An older link's code leaves the address bar, and so the history, for the fragment.
    const url = new URL(window.location.href);
    const fromQuery = url.searchParams.get("invite");
    if (fromQuery === null) return;
    url.searchParams.delete("invite");
    if (!new URLSearchParams(url.hash.slice(1)).has("invite")) url.hash = new URLSearchParams({ invite: fromQuery }).toString();
    window.history.replaceState(window.history.state, "", url);
  }, []);

  if (inviteCode !== "" && description.data) {
    const invitation = description.data;
    return (
      <AuthCard title={`Join ${invitation.businessName}`} description="Create your account to join your team on Product Assistant." other={SIGN_IN}>
        <RegisterForm key="invited" invite={inviteCode} invitation={invitation} />
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Create your account" description="Start a business on Product Assistant, or join one you were invited to." other={SIGN_IN}>
      {inviteCode === "" ? (
        <RegisterForm key="new" />
      ) : description.isError ? (
        <RegisterForm
          key="unchecked"
          invite={inviteCode}
          inviteProblem={apiError(description.error)?.error === "not_found" ? INVALID_INVITE : errorMessage(description.error, "Your invite could not be checked just now. Its code is filled in below.")}
        />
      ) : (
        <p role="status" className="py-6 text-center text-sm text-fg-muted">
          Checking your invite…
        </p>
      )}
    </AuthCard>
  );
}
