"use client";

import { Button, Dialog, type ButtonProps } from "@/components/ui";
import { useLazyDialog } from "@/hooks/use-lazy-dialog";
import { lazyModule } from "@/lib/lazy-module";

export type CreditsUser = { id: string; name: string; credits: number };

// The form and its validation (zod, react-hook-form) are not part of the page's first load.
const creditsForm = lazyModule(() => import("./grant-credits-form"));

/** Opens a dialog to grant or claw back a user's credits, with their ledger underneath. Admin pages only. */
export function GrantCreditsButton({ user, size = "sm", variant = "secondary" }: { user: CreditsUser } & Pick<ButtonProps, "size" | "variant">) {
  const dialog = useLazyDialog(creditsForm, "credits form");
  const CreditsDialogBody = dialog.open ? creditsForm.use().CreditsDialogBody : null;
  return (
    <>
      <Button
        size={size}
        variant={variant}
        onClick={dialog.show}
        loading={dialog.opening}
        aria-label={`Credits for ${user.name}`}
        {...dialog.openerProps}
      >
        Credits
      </Button>
      <Dialog
        open={dialog.open}
        onClose={dialog.close}
        title={`Credits for ${user.name}`}
        description="Grant credits, claw them back, and see every change to the balance."
        size="lg"
        closeOnBackdropClick={false}
      >
        {CreditsDialogBody ? <CreditsDialogBody user={user} onDone={dialog.close} /> : null}
      </Dialog>
    </>
  );
}
