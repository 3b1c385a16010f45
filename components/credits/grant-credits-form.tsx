"use client";

import { useState } from "react";
import { CreditChangeForm, type CreditChangeWording } from "@/components/credits/credit-change-form";
import { useCreditLedger, useGrantCredits } from "@/hooks/use-credits";
import { formatCount } from "@/lib/format";
import { toast } from "@/lib/toast";
import { CreditLedger } from "./credit-ledger";
import type { CreditsUser } from "./grant-credits-button";

const LEDGER_PAGE_SIZE = 8;

function wordingFor(user: CreditsUser): CreditChangeWording {
  return {
    formLabel: `Change ${user.name}'s credits`,
    addLabel: "Grant credits",
    clawbackLabel: "Claw back credits",
    reasonHint: "Shown in the ledger and the audit log.",
    overdrawn: (balance) => `${user.name} has ${formatCount(balance)} credits; a balance cannot go below 0.`,
    notChanged: "The credits were not changed. Please try again.",
    dismissLabel: "Close",
  };
}

/** The credits dialog's form and the user's ledger: loaded when the dialog is first opened (grant-credits-button.tsx). */
export function CreditsDialogBody({ user, onDone }: { user: CreditsUser; onDone: () => void }) {
  const grant = useGrantCredits();
  const [page, setPage] = useState(1);
  const ledger = useCreditLedger(user.id, page, LEDGER_PAGE_SIZE);
  // The newest ledger row carries the balance after it, which equals the user's balance.
  const newest = page === 1 ? ledger.data?.results[0] : undefined;
  const balance = newest ? newest.balanceAfter : user.credits;

  return (
    <div className="space-y-6">
      <p className="text-sm">
        Current balance: <strong className="text-lg tabular-nums" data-testid="credits-balance">{formatCount(balance)}</strong> credits
      </p>
      <CreditChangeForm
        balance={balance}
        limits={ledger.data?.limits}
        wording={wordingFor(user)}
        onDismiss={onDone}
        apply={async (amount, { reason }) => {
          const result = await grant.mutateAsync({ userId: user.id, amount, reason });
          setPage(1);
          toast.success(amount > 0 ? `Granted ${formatCount(amount)} credits` : `Clawed back ${formatCount(-amount)} credits`, {
            description: `${user.name}'s balance is now ${formatCount(result.balance)}.`,
          });
        }}
      />
      <section aria-labelledby={`ledger-${user.id}`} className="space-y-2">
        <h3 id={`ledger-${user.id}`} className="text-sm font-semibold text-fg">
          Ledger
        </h3>
        <CreditLedger ledger={ledger} page={page} pageSize={LEDGER_PAGE_SIZE} onPageChange={setPage} />
      </section>
    </div>
  );
}
