"use client";

import { CreditChangeForm, type CreditChangeWording } from "@/components/credits/credit-change-form";
import { useAdjustWallet } from "@/hooks/use-wallet";
import type { CreditChangeLimits } from "@/lib/credits/schemas";
import { formatCount } from "@/lib/format";
import { toast } from "@/lib/toast";

const WORDING: CreditChangeWording = {
  formLabel: "Change the business wallet",
  addLabel: "Top up",
  clawbackLabel: "Claw back",
  reasonHint: "Shown in the wallet's ledger and the audit log.",
  overdrawn: (balance) => `The wallet has ${formatCount(balance)} credits; it cannot go below 0.`,
  notChanged: "The wallet was not changed. Please try again.",
  dismissLabel: "Cancel",
};

/** The wallet dialog's form, with its validation: loaded when the dialog is first opened (adjust-wallet-button.tsx). */
export function AdjustWalletForm({ balance, limits, onDone }: { balance: number; limits: CreditChangeLimits | undefined; onDone: () => void }) {
  const adjust = useAdjustWallet();
  return (
    <div className="space-y-4">
      <p className="text-sm text-fg">
        Current balance: <strong className="text-lg tabular-nums">{formatCount(balance)}</strong> credits
      </p>
      <CreditChangeForm
        balance={balance}
        limits={limits}
        wording={WORDING}
        onDismiss={onDone}
        apply={async (amount, { reason }) => {
          const result = await adjust.mutateAsync({ amount, reason });
          toast.success(amount > 0 ? `Added ${formatCount(amount)} credits` : `Took back ${formatCount(-amount)} credits`, {
            description: `The business wallet now holds ${formatCount(result.balance)} credits.`,
          });
          onDone();
        }}
      />
    </div>
  );
}
