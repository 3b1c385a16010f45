"use client";

import { Badge } from "@/components/ui/badge";
import { useAuth } from "@/hooks/use-auth";
import { useChatBalance } from "@/hooks/use-chat";
import { formatCount } from "@/lib/format";
import { isLowBalance } from "./low-balance";

/**
 * The credit balance in the chat header, with a warning when only a few messages are left. The
 * balance is the one the page header shows (useAuth); the chat's balance query adds the message cost.
 */
export function BalanceIndicator() {
  const { credits } = useAuth();
  const balance = useChatBalance();
  if (balance.isPending) return <span className="h-6 w-24 animate-pulse rounded-md bg-surface-muted" aria-hidden="true" />;
  if (balance.isError || !balance.data || credits === null) return null;
  const { messageCost } = balance.data;
  const low = isLowBalance({ credits, messageCost });
  const left = messageCost > 0 ? Math.floor(credits / messageCost) : null;
  return (
    <div className="flex flex-wrap items-center justify-end gap-2 text-sm">
      <span data-testid="credit-balance" data-credits={credits} className="font-medium text-fg">
        {formatCount(credits)} credits
      </span>
      {low ? (
        <Badge tone={credits < messageCost ? "danger" : "warning"} role="status">
          {credits < messageCost
            ? "Out of credits"
            : `Low balance: ${left} message${left === 1 ? "" : "s"} left`}
        </Badge>
      ) : null}
    </div>
  );
}
