import type { ConversationMessage } from "@/lib/chat/stream-client";
import type { PurchaseView } from "@/lib/purchases/schemas";

export type PurchaseRecord = Pick<PurchaseView, "id" | "productId" | "productName" | "quantity" | "total" | "sessionId" | "createdAt">;

/**
 * Which proposal cards of a conversation were already confirmed, so a reload shows "Purchased"
 * instead of offering to buy again. Each purchase of the session is credited to the latest
 * unclaimed proposal for the same product and quantity shown before it. A purchase keeps the name it
 * was bought under when its product is deleted (its productId becomes null): that name finds it.
 */
export function purchasedProposals({
  messages,
  purchases,
  sessionId,
}: {
  messages: readonly ConversationMessage[];
  purchases: readonly PurchaseRecord[];
  sessionId: string | null;
}): Map<string, PurchaseRecord> {
  const claimed = new Map<string, PurchaseRecord>();
  if (!sessionId) return claimed;
  const proposals = messages.filter((message) => message.proposal);
  const ordered = purchases
    .filter((purchase) => purchase.sessionId === sessionId)
    .slice()
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  for (const purchase of ordered) {
    const bought = Date.parse(purchase.createdAt);
    const match = proposals.findLast(
      (message) =>
        !claimed.has(message.id) &&
        (purchase.productId === null ? message.proposal?.productName === purchase.productName : message.proposal?.productId === purchase.productId) &&
        message.proposal?.quantity === purchase.quantity &&
        Date.parse(message.createdAt) <= bought,
    );
    if (match) claimed.set(match.id, purchase);
  }
  return claimed;
}
