"use client";

import { Button, Dialog } from "@/components/ui";
import { errorMessage } from "@/lib/api-client";

/** "Rotate the identity secret?" of the settings' identity panel (components/settings/identity-secret-panel.tsx). */
export function RotateSecretDialog({
  open,
  rotating,
  error,
  onCancel,
  onConfirm,
}: {
  open: boolean;
  rotating: boolean;
  error: unknown;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  return (
    <Dialog
      open={open}
      onClose={onCancel}
      title="Rotate the identity secret?"
      description="A new secret replaces this one at once: every userHash made with the current secret stops verifying until your server uses the new one."
      footer={
        <>
          <Button type="button" variant="secondary" onClick={onCancel} disabled={rotating}>
            Cancel
          </Button>
          <Button type="button" variant="danger" loading={rotating} onClick={onConfirm}>
            Rotate secret
          </Button>
        </>
      }
    >
      {error ? (
        <p role="alert" className="font-medium text-danger-fg">
          {errorMessage(error, "The secret was not rotated. Please try again.")}
        </p>
      ) : (
        <p>Have your server ready to use the new secret: until it does, visitors identified with a userHash are refused.</p>
      )}
    </Dialog>
  );
}
