"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { Button, buttonClasses } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { InteractiveFieldset } from "@/components/ui/interactive-fieldset";
import { Label } from "@/components/ui/label";
import { useAuth } from "@/hooks/use-auth";
import { useCreatePurchase, type PurchaseView } from "@/hooks/use-purchases";
import { apiError, errorMessage } from "@/lib/api-client";
import { newIdempotencyKey } from "@/lib/idempotency-key";
import { formatMoney, lineTotal } from "@/lib/money";
import { MAX_QUANTITY, MIN_QUANTITY } from "@/lib/purchases/schemas";
import { SignInToBuy } from "./sign-in-to-buy";

export interface BuyBoxProps {
  product: { id: string; name: string; price: string; stock: number | null; businessId: string };
  shop: { name: string };
  /** This page's path, to come back to after signing in. */
  returnTo: string;
}

function purchaseFailure(error: unknown): string {
  const body = apiError(error) as { error?: string; currentUnitPrice?: unknown } | null;
  if (body?.error === "price_changed") {
    const now = typeof body.currentUnitPrice === "string" ? ` It now costs ${formatMoney(body.currentUnitPrice)}.` : "";
    return `The price changed since this page loaded, so nothing was bought.${now} Reload to see the new price.`;
  }
  if (body?.error === "out_of_stock") return errorMessage(error, "Not enough of this product is left.");
  if (body?.error === "not_found") return "This product is no longer available.";
  return errorMessage(error, "The purchase failed. Please try again.");
}

/**
 * Who may buy on a product page: members of the product's own business (the purchase API refuses
 * anyone else). The page's one client island, loaded only when the server rendered the page for a
 * signed-in member (`MemberBuyBox`); a visitor gets `SignInToBuy` from the server instead. It still
 * follows the tab's own state: a session lost on this page turns it back into "Sign in to buy".
 *
 * Buying is two steps: Buy shows the quantity, unit price and total; Confirm purchase posts it with
 * that unit price as `expectedUnitPrice` (a changed price is refused, never charged) and one
 * Idempotency-Key per confirmation, so a retried or double click can never buy twice; after a failure,
 * Cancel and Buy again with the same quantity keep that key too.
 */
export function BuyBox({ product, shop, returnTo }: BuyBoxProps) {
  const { status, user } = useAuth();
  const router = useRouter();
  const purchase = useCreatePurchase();
  const quantityId = useId();
  const hintId = useId();
  const maxQuantity = Math.max(MIN_QUANTITY, Math.min(MAX_QUANTITY, product.stock ?? MAX_QUANTITY));
  const [quantityText, setQuantityText] = useState("1");
  const [confirming, setConfirming] = useState<{ quantity: number; key: string } | null>(null);
  const [posting, setPosting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [bought, setBought] = useState<PurchaseView | null>(null);
  const inFlight = useRef(false);
  // The last confirmation that got no purchase back: it may have gone through with its answer lost, so
  // buying the same quantity again sends its key again, and the server answers with that purchase if so.
  const unsettled = useRef<{ quantity: number; key: string } | null>(null);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);

  // The button pressed is replaced by what follows it: focus moves there, not to <body>.
  useEffect(() => {
    if (bought) statusRef.current?.focus();
  }, [bought]);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  if (status === "loading") {
    return <div role="status" aria-busy="true" aria-label="Loading" className="h-24 animate-pulse rounded-lg bg-surface-muted" />;
  }

  if (status === "unauthenticated" || !user) {
    return <SignInToBuy shopName={shop.name} returnTo={returnTo} />;
  }

  if (user.business.id !== product.businessId) {
    return (
      <p className="rounded-lg border border-border bg-surface-muted px-4 py-3 text-sm text-fg-muted">
        Buying here is for members of {shop.name}. You are signed in to {user.business.name}.
      </p>
    );
  }

  const askLink = (
    <Link href={`/chat?product=${encodeURIComponent(product.id)}`} className={buttonClasses({ variant: "secondary" })}>
      Ask the assistant
    </Link>
  );

  if (product.stock === 0) {
    return (
      <div className="flex flex-wrap items-center gap-3">
        <Button type="button" disabled>
          Out of stock
        </Button>
        {askLink}
      </div>
    );
  }

  const quantity = Number(quantityText);
  const quantityProblem =
    !/^\d+$/.test(quantityText.trim()) || quantity < MIN_QUANTITY
      ? `Enter a whole number from ${MIN_QUANTITY} to ${maxQuantity}.`
      : quantity > maxQuantity
        ? product.stock !== null && product.stock < MAX_QUANTITY
          ? `Only ${product.stock} left.`
          : `At most ${MAX_QUANTITY} at a time.`
        : null;

  const confirm = async () => {
    if (inFlight.current || !confirming) return;
    inFlight.current = true;
    setPosting(true);
    setError(null);
    try {
      const made = await purchase.mutateAsync({
        productId: product.id,
        quantity: confirming.quantity,
        expectedUnitPrice: product.price,
        idempotencyKey: confirming.key,
      });
      unsettled.current = null;
      setBought(made);
      setConfirming(null);
      // The stock on the page changed with this purchase.
      router.refresh();
    } catch (failure) {
      unsettled.current = confirming;
      setError(purchaseFailure(failure));
    } finally {
      inFlight.current = false;
      setPosting(false);
    }
  };

  if (bought) {
    return (
      <div className="space-y-3">
        <p ref={statusRef} tabIndex={-1} role="status" className="focus-ring rounded-sm text-sm font-medium text-emerald-800 dark:text-emerald-300">
          Purchased {bought.quantity} × {bought.productName} for {formatMoney(bought.total)}.
        </p>
        <div className="flex flex-wrap gap-3">
          <Link href="/purchases" className={buttonClasses({ variant: "secondary" })}>
            See your purchases
          </Link>
          <Button
            type="button"
            variant="ghost"
            onClick={() => {
              setBought(null);
              setQuantityText("1");
            }}
          >
            Buy again
          </Button>
        </div>
      </div>
    );
  }

  if (confirming) {
    const total = lineTotal({ unitPrice: product.price, quantity: confirming.quantity });
    return (
      <section aria-label="Confirm your purchase" className="space-y-3 rounded-lg border border-accent/40 bg-accent-soft p-4">
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-fg-muted">Quantity</dt>
          <dd>{confirming.quantity}</dd>
          <dt className="text-fg-muted">Unit price</dt>
          <dd>{formatMoney(product.price)}</dd>
          {total !== null ? (
            <>
              <dt className="text-fg-muted">Total</dt>
              <dd className="font-semibold">{formatMoney(total)}</dd>
            </>
          ) : null}
        </dl>
        <div className="flex flex-wrap items-center gap-3">
          <Button ref={confirmRef} type="button" onClick={() => void confirm()} loading={posting}>
            Confirm purchase
          </Button>
          <Button
            type="button"
            variant="secondary"
            disabled={posting}
            onClick={() => {
              setConfirming(null);
              setError(null);
            }}
          >
            Cancel
          </Button>
        </div>
        {error ? (
          <p role="alert" className="text-sm font-medium text-danger-fg">
            {error}
          </p>
        ) : null}
      </section>
    );
  }

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (quantityProblem) return;
        setError(null);
        setConfirming(unsettled.current?.quantity === quantity ? unsettled.current : { quantity, key: newIdempotencyKey() });
      }}
    >
      <InteractiveFieldset className="space-y-3">
        <div className="flex flex-wrap items-end gap-3">
          <div className="w-28 space-y-1.5">
            <Label htmlFor={quantityId}>Quantity</Label>
            <Input
              id={quantityId}
              type="number"
              inputMode="numeric"
              min={MIN_QUANTITY}
              max={maxQuantity}
              step={1}
              value={quantityText}
              onChange={(event) => setQuantityText(event.target.value)}
              aria-invalid={quantityProblem ? true : undefined}
              aria-describedby={quantityProblem ? hintId : undefined}
              className="h-10"
            />
          </div>
          <Button type="submit" disabled={Boolean(quantityProblem)}>
            Buy
          </Button>
          {askLink}
        </div>
        {quantityProblem ? (
          <p id={hintId} role="alert" className="text-sm font-medium text-danger-fg">
            {quantityProblem}
          </p>
        ) : null}
      </InteractiveFieldset>
    </form>
  );
}
