"use client";

import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { useCreatePurchase } from "@/hooks/use-purchases";
import { errorMessage, isHttpError } from "@/lib/api-client";
import type { PurchaseProposal } from "@/lib/chat/schemas";
import { newIdempotencyKey } from "@/lib/idempotency-key";
import { formatMoney, lineTotal } from "@/lib/money";
import type { PurchaseView } from "@/lib/purchases/schemas";

export type ConfirmedPurchase = Pick<PurchaseView, "id" | "quantity" | "productName" | "total">;

export interface ProposalCardProps {
  proposal: PurchaseProposal;
  /** A purchase already made from this proposal (e.g. before a reload), if any. */
  purchased: ConfirmedPurchase | null;
  /** The conversation the purchase is made from (recorded with it), if it has one yet. */
  sessionId: string | null;
  /** Offers **Not now** until the purchase is made (a proposal the member opened themselves with Buy). */
  onDismiss?: () => void;
  /** Takes focus when shown, so the member who asked for it reads it before confirming. */
  focusOnShow?: boolean;
}

/** What the member reads when a purchase is refused: why, and what to do next. */
function purchaseFailure(error: unknown): string {
  const code = isHttpError(error) ? (error.response?.data as { error?: string } | undefined)?.error : undefined;
  if (code === "out_of_stock") return errorMessage(error, "This product is out of stock.");
  if (code === "not_found") return "This product is no longer available.";
  if (code === "price_changed" && isHttpError(error)) {
    const current = (error.response?.data as { currentUnitPrice?: unknown } | undefined)?.currentUnitPrice;
    const now = typeof current === "string" ? ` It now costs ${formatMoney(current)}.` : "";
    return `The price changed since this proposal, so nothing was bought.${now} Ask again for a new proposal.`;
  }
  return errorMessage(error, "The purchase failed. Please try again.");
}

/**
 * The assistant's purchase proposal. Nothing is bought until **Confirm purchase** is clicked; a
 * synchronous in-flight guard (a ref, not state, which only updates on the next render) makes a
 * double click one request. The card keeps one Idempotency-Key for its purchase: a click after a
 * failure retries it, so when the purchase went through but its answer was lost, the retry gets that
 * purchase back rather than buying again (a refusal such as a changed price frees the key on the server).
 * An answer's proposal takes its key from the answer's id, so the same card open in another tab, which
 * still offers Confirm, gets the purchase made there back too instead of buying it a second time.
 */
export function ProposalCard({ proposal, purchased, sessionId, onDismiss, focusOnShow = false }: ProposalCardProps) {
  // Here rather than in the conversation, so a chat that shows no proposal never downloads the purchase's code.
  const createPurchase = useCreatePurchase();
  const [posting, setPosting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirmed, setConfirmed] = useState<ConfirmedPurchase | null>(null);
  const inFlight = useRef(false);
  const [idempotencyKey] = useState(newIdempotencyKey);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const sectionRef = useRef<HTMLElement>(null);
  const done = confirmed ?? purchased;
  // The answer this proposal belongs to, from the message it is shown in (not a card opened with Buy).
  const answerKey = () => {
    const answerId = onDismiss ? undefined : sectionRef.current?.closest<HTMLElement>("[data-message-id]")?.dataset.messageId;
    return answerId ? `proposal-${answerId}` : null;
  };
  const total = lineTotal(proposal);

  useEffect(() => {
    if (focusOnShow) sectionRef.current?.focus();
  }, [focusOnShow]);

  // The button the user clicked is replaced by the confirmation: move focus there, not to <body>.
  useEffect(() => {
    if (confirmed) statusRef.current?.focus();
  }, [confirmed]);

  const confirm = async () => {
    if (inFlight.current || done) return;
    inFlight.current = true;
    setPosting(true);
    setError(null);
    try {
      // The price on this card is the price the buyer agrees to: the server refuses any other.
      const purchase = await createPurchase.mutateAsync({
        productId: proposal.productId,
        quantity: proposal.quantity,
        expectedUnitPrice: proposal.unitPrice,
        sessionId,
        idempotencyKey: answerKey() ?? idempotencyKey,
      });
      setConfirmed({ id: purchase.id, quantity: purchase.quantity, productName: purchase.productName, total: purchase.total });
    } catch (failure) {
      setError(purchaseFailure(failure));
    } finally {
      inFlight.current = false;
      setPosting(false);
    }
  };

  return (
    <section
      ref={sectionRef}
      tabIndex={focusOnShow ? -1 : undefined}
      aria-label={`Purchase proposal: ${proposal.productName}`}
      data-testid="proposal-card"
      className="focus-ring mt-3 rounded-lg border border-accent/40 bg-accent-soft p-4"
    >
      <p className="text-xs font-semibold tracking-wide text-accent-fg uppercase">Purchase proposal</p>
      <p className="mt-1 text-sm font-semibold text-fg">{proposal.productName}</p>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-fg-muted">Quantity</dt>
        <dd>{proposal.quantity}</dd>
        <dt className="text-fg-muted">Unit price</dt>
        <dd>{formatMoney(proposal.unitPrice)}</dd>
        {total !== null ? (
          <>
            <dt className="text-fg-muted">Total</dt>
            <dd className="font-semibold">{formatMoney(total)}</dd>
          </>
        ) : null}
      </dl>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        {done ? (
          <p ref={statusRef} tabIndex={-1} role="status" className="focus-ring text-sm font-medium text-emerald-800 dark:text-emerald-300">
            Purchased {done.quantity} × {done.productName} for {formatMoney(done.total)}.
          </p>
        ) : (
          <>
            <Button type="button" onClick={() => void confirm()} loading={posting}>
              Confirm purchase
            </Button>
            {onDismiss ? (
              <Button type="button" variant="ghost" onClick={onDismiss} disabled={posting}>
                Not now
              </Button>
            ) : null}
          </>
        )}
        {error ? (
          <p role="alert" className="text-sm font-medium text-danger-fg">
            {error}
          </p>
        ) : null}
      </div>
    </section>
  );
}
