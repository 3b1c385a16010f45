"use client";

import { Button, Dialog } from "@/components/ui";
import { useLazyDialog } from "@/hooks/use-lazy-dialog";
import type { CreditChangeLimits } from "@/lib/credits/schemas";
import { lazyModule } from "@/lib/lazy-module";

// The form and its validation (zod, react-hook-form) are not part of the dashboard's first load.
const walletForm = lazyModule(() => import("./adjust-wallet-form"));

/** Opens a dialog to add credits to the business wallet or take them back. Admin pages only. */
export function AdjustWalletButton({
  balance,
  limits,
  disabled = false,
}: {
  balance: number;
  limits: CreditChangeLimits | undefined;
  disabled?: boolean;
}) {
  const dialog = useLazyDialog(walletForm, "wallet form");
  const AdjustWalletForm = dialog.open ? walletForm.use().AdjustWalletForm : null;
  return (
    <>
      <Button size="sm" variant="secondary" onClick={dialog.show} loading={dialog.opening} disabled={disabled} {...dialog.openerProps}>
        Top up / claw back
      </Button>
      <Dialog
        open={dialog.open}
        onClose={dialog.close}
        title="Business wallet"
        description="Add credits for end users' conversations, or take back credits you added."
        closeOnBackdropClick={false}
      >
        {AdjustWalletForm ? <AdjustWalletForm balance={balance} limits={limits} onDone={dialog.close} /> : null}
      </Dialog>
    </>
  );
}
