"use client";

import dynamic from "next/dynamic";
import { useId, useState } from "react";
import { Button } from "@/components/ui";
import { useIdentitySecret, useRotateIdentitySecret } from "@/hooks/use-business-settings";
import { errorMessage } from "@/lib/api-client";
import { toast } from "@/lib/toast";

// The confirmation is closed when the page arrives: it renders in the browser, after the page.
const RotateSecretDialog = dynamic(() => import("./rotate-secret-dialog").then((module) => module.RotateSecretDialog), { ssr: false });

const NODE_EXAMPLE = `import { createHmac } from "node:crypto";

// On your server only: whoever holds the secret can pass as any of your users.
const userHash = createHmac("sha256", process.env.ASSISTANT_IDENTITY_SECRET)
  .update(user.id) // the userIdentifier you give the widget
  .digest("hex");`;

const PAGE_EXAMPLE = `window.ProductAssistant.identify({
  userIdentifier: "customer-42",
  userHash: "…the userHash your server computed for customer-42…",
});`;

/**
 * The identity secret of the "Widget & end users" settings: hidden until asked for, copyable, and
 * rotatable after a confirmation. It lives inside the settings form, so every button is type="button".
 */
export function IdentitySecretPanel() {
  const [revealed, setRevealed] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [copyStatus, setCopyStatus] = useState<"idle" | "copied" | "failed">("idle");
  const secret = useIdentitySecret(revealed);
  const rotate = useRotateIdentitySecret();
  const headingId = useId();
  const valueId = useId();

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(await secret.load());
      setCopyStatus("copied");
    } catch {
      // No clipboard access (permissions, insecure origin): show it for a manual copy instead.
      setRevealed(true);
      setCopyStatus("failed");
    }
  };

  const confirmRotate = () =>
    rotate.mutate(undefined, {
      onSuccess: () => {
        setConfirming(false);
        setRevealed(true);
        setCopyStatus("idle");
        toast.success("Identity secret rotated", { description: "Put the new secret on your server: hashes made with the old one no longer verify." });
      },
    });

  const closeConfirm = () => {
    rotate.reset();
    setConfirming(false);
  };

  return (
    <section aria-labelledby={headingId} className="space-y-3 border-t border-border pt-5">
      <div className="space-y-1">
        <h3 id={headingId} className="text-sm font-semibold text-fg">
          Identity verification
        </h3>
        <p className="text-sm text-fg-muted">
          To tell the widget which of your signed-in customers is chatting, your server signs their identifier with this secret:{" "}
          <code className="rounded bg-surface-muted px-1 py-0.5 font-mono text-[0.85em] text-fg">userHash = HMAC-SHA256(secret, userIdentifier)</code>{" "}
          as hex. A visitor with a valid userHash is a verified end user; without one, an unverified one.
        </p>
      </div>

      <div className="space-y-1.5">
        <span id={valueId} className="block text-sm font-medium text-fg">
          Identity secret
        </span>
        <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
          <div
            aria-labelledby={valueId}
            role="group"
            className="min-h-10 min-w-0 flex-1 rounded-lg border border-border-strong bg-surface-muted px-3 py-2 font-mono text-sm break-all text-fg"
          >
            {revealed && secret.data ? (
              <span data-testid="identity-secret-value">{secret.data}</span>
            ) : revealed && secret.isError ? (
              <span className="font-sans text-danger-fg">{errorMessage(secret.error, "The secret could not be loaded.")}</span>
            ) : revealed ? (
              <span className="font-sans text-fg-muted">Loading…</span>
            ) : (
              <>
                <span aria-hidden="true">••••••••••••••••••••••••</span>
                <span className="sr-only">Hidden</span>
              </>
            )}
          </div>
          <div className="flex flex-wrap gap-2">
            <Button type="button" variant="secondary" onClick={() => setRevealed((value) => !value)} aria-pressed={revealed}>
              {revealed ? "Hide" : "Reveal"}
            </Button>
            <Button type="button" variant="secondary" onClick={() => void copy()}>
              Copy
            </Button>
            <Button type="button" variant="secondary" onClick={() => setConfirming(true)}>
              Rotate…
            </Button>
          </div>
        </div>
        <p aria-live="polite" className="min-h-5 text-xs text-fg-muted">
          {copyStatus === "copied" ? "Copied to the clipboard." : copyStatus === "failed" ? "Copying failed; select the secret above and copy it." : ""}
        </p>
      </div>

      <details className="group rounded-lg border border-border bg-surface-muted/50 px-4 py-3 text-sm">
        <summary className="focus-ring cursor-pointer rounded font-medium text-fg">How to compute userHash (Node.js)</summary>
        <div className="mt-3 space-y-2">
          <pre className="overflow-x-auto rounded-md bg-surface-muted p-3 text-xs text-fg">
            <code>{NODE_EXAMPLE}</code>
          </pre>
          <p className="text-fg-muted">Then, on the page that loads the widget:</p>
          <pre className="overflow-x-auto rounded-md bg-surface-muted p-3 text-xs text-fg">
            <code>{PAGE_EXAMPLE}</code>
          </pre>
          <p className="text-fg-muted">Calls made with a secret API key speak for their userIdentifier directly and need no userHash.</p>
        </div>
      </details>

      <RotateSecretDialog open={confirming} rotating={rotate.isPending} error={rotate.isError ? rotate.error : null} onCancel={closeConfirm} onConfirm={confirmRotate} />
    </section>
  );
}
