"use client";

import Link from "next/link";
import { useState, useSyncExternalStore } from "react";
import { Button, FormError } from "@/components/ui";
import { useConfirmEmailChange } from "@/hooks/use-account";
import { apiError, errorMessage } from "@/lib/api-client";

// The token rides in the link's fragment (#token=…), which the browser never sends to a server.
const subscribe = (onChange: () => void) => {
  window.addEventListener("hashchange", onChange);
  return () => window.removeEventListener("hashchange", onChange);
};
const tokenFromHash = () => new URLSearchParams(window.location.hash.slice(1)).get("token") ?? "";

const linkClass = "font-medium text-accent-fg underline underline-offset-2";

// A link the server refused (used, expired, the address taken) stays refused: pressing again cannot help.
// Anything else (offline, a server error, too many tries) may pass on a second press.
const FINAL_ERRORS = new Set(["invalid_request", "conflict"]);

/**
 * Confirms an email change with the token of its link. Asked for with a button rather than on load, so
 * a mail scanner that opens links changes nothing.
 */
export function ConfirmEmail() {
  const token = useSyncExternalStore(subscribe, tokenFromHash, () => null);
  const confirmChange = useConfirmEmailChange();
  const [state, setState] = useState<{ status: "idle" | "sending" } | { status: "done"; email: string } | { status: "failed"; message: string; final: boolean }>({
    status: "idle",
  });
  // Another link opened in this tab (only its fragment changed): a new try, whatever the last one said.
  const [tried, setTried] = useState(token);
  if (tried !== token) {
    setTried(token);
    setState({ status: "idle" });
  }

  const confirm = async () => {
    setState({ status: "sending" });
    try {
      const { email } = await confirmChange.mutateAsync(token ?? "");
      setState({ status: "done", email });
    } catch (error) {
      setState({
        status: "failed",
        message: errorMessage(error, "The email could not be changed. Please try again."),
        final: FINAL_ERRORS.has(apiError(error)?.error ?? ""),
      });
    }
  };

  if (token === null) return null;
  if (token === "") {
    return (
      <p role="alert" className="text-sm text-fg">
        This link is incomplete. Open the link from the email again, or ask for the change again on{" "}
        <Link href="/account" className={linkClass}>
          your account page
        </Link>
        .
      </p>
    );
  }
  if (state.status === "done") {
    return (
      <div role="status" className="space-y-3 text-sm text-fg">
        <p>
          Your email is now <strong>{state.email}</strong>: you sign in with it from now on.
        </p>
        <p>
          <Link href="/account" className={linkClass}>
            Go to your account
          </Link>
        </p>
      </div>
    );
  }
  return (
    <div className="space-y-4">
      <FormError message={state.status === "failed" ? state.message : undefined} banner />
      {state.status === "failed" ? (
        <p className="text-sm">
          <Link href="/account" className={linkClass}>
            Go to your account
          </Link>
        </p>
      ) : null}
      {state.status === "failed" && state.final ? null : (
        <Button type="button" className="w-full" loading={state.status === "sending"} onClick={() => void confirm()}>
          Confirm the new email
        </Button>
      )}
    </div>
  );
}
