"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { Button, Dialog, FormField, Input, Select, FormError } from "@/components/ui";
import { useCreateInvite, type CreatedInvite } from "@/hooks/use-users";
import { apiError } from "@/lib/api-client";
import { emailSchema } from "@/lib/auth/schemas";
import { INVITE_TTL_DAYS, ROLE_LABELS, ROLE_VALUES, roleSchema } from "@/lib/users/schemas";
import { CopyField } from "./copy-field";
import { formatDateTime } from "./format";

const formSchema = z.object({
  role: roleSchema,
  // Empty means "anyone with the code".
  email: z.string().superRefine((value, ctx) => {
    if (value.trim() === "") return;
    const result = emailSchema.safeParse(value);
    if (!result.success) ctx.addIssue({ code: "custom", message: result.error.issues[0]!.message });
  }),
});

type Values = z.input<typeof formSchema>;

/** Creates a single-use invite code; it is shown once, with a Copy button and a ready sign-up link. */
export function InviteDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [invite, setInvite] = useState<CreatedInvite | null>(null);
  const close = () => {
    setInvite(null);
    onClose();
  };
  return (
    <Dialog
      open={open}
      onClose={close}
      title={invite ? "Invite created" : "Create invite"}
      description={invite ? undefined : `The code works once and expires in ${INVITE_TTL_DAYS} days.`}
      closeOnBackdropClick={false}
    >
      {invite ? <InviteResult invite={invite} onDone={close} /> : <InviteForm onCancel={close} onCreated={setInvite} />}
    </Dialog>
  );
}

function InviteResult({ invite, onDone }: { invite: CreatedInvite; onDone: () => void }) {
  const link = typeof window === "undefined" ? "" : `${window.location.origin}/register?invite=${encodeURIComponent(invite.inviteCode)}`;
  return (
    <div className="space-y-4">
      <p>
        Whoever registers with this code joins as <strong>{ROLE_LABELS[invite.role].toLowerCase()}</strong>
        {invite.email ? (
          <>
            {" "}
            (only <strong>{invite.email}</strong>)
          </>
        ) : null}
        . It expires {formatDateTime(invite.expiresAt)} and is shown only this once.
      </p>
      <CopyField label="Invite code" value={invite.inviteCode} copyLabel="Copy code" />
      {link ? <CopyField label="Sign-up link" value={link} copyLabel="Copy link" /> : null}
      <div className="flex justify-end">
        <Button type="button" onClick={onDone}>
          Done
        </Button>
      </div>
    </div>
  );
}

function InviteForm({ onCancel, onCreated }: { onCancel: () => void; onCreated: (invite: CreatedInvite) => void }) {
  const createInvite = useCreateInvite();
  const form = useForm<Values, unknown, z.output<typeof formSchema>>({
    resolver: zodResolver(formSchema),
    defaultValues: { role: "viewer", email: "" },
    mode: "onTouched",
  });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      const email = values.email.trim();
      onCreated(await createInvite.mutateAsync({ role: values.role, ...(email ? { email } : {}) }));
    } catch (error) {
      const body = apiError(error);
      if (body?.fields?.email) form.setError("email", { message: body.fields.email.join(" ") });
      form.setError("root", { message: body?.detail ?? "Creating the invite failed. Please try again." });
    }
  });

  return (
    <form noValidate onSubmit={onSubmit} className="space-y-4">
      <fieldset disabled={isSubmitting} className="space-y-4">
        <FormField label="Role" required error={errors.role?.message}>
          <Select data-autofocus {...form.register("role")}>
            {ROLE_VALUES.map((role) => (
              <option key={role} value={role}>
                {ROLE_LABELS[role]}
              </option>
            ))}
          </Select>
        </FormField>
        <FormField label="Email" error={errors.email?.message} hint="Optional: only this address may use the code.">
          <Input type="email" autoComplete="off" {...form.register("email")} />
        </FormField>
      </fieldset>
      <FormError message={errors.root?.message} />
      <div className="flex justify-end gap-2 border-t border-border pt-4">
        <Button type="button" variant="secondary" onClick={onCancel} disabled={isSubmitting}>
          Cancel
        </Button>
        <Button type="submit" loading={isSubmitting}>
          Create invite
        </Button>
      </div>
    </form>
  );
}
