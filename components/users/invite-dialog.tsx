"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm, type Path } from "react-hook-form";
import { z } from "zod";
import { useTimeZone } from "@/components/layout/time-zone";
import { FormError, FormField, Input, Select } from "@/components/ui";
import { useCreateInvite, type CreatedInvite } from "@/hooks/use-users";
import { emailSchema } from "@/lib/auth/schemas";
import { applyServerErrors } from "@/lib/form-errors";
import { formatDateTime } from "@/lib/format";
import { INVITE_TTL_DAYS, roleSchema } from "@/lib/users/schemas";
import { ROLE_LABELS } from "@/lib/users/vocabulary";
import { CopyField } from "./copy-field";
import { RoleOptions } from "./role-options";
import { DialogFormActions, ShownOnceDialog } from "./shown-once-dialog";

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
const FIELDS: Path<Values>[] = ["role", "email"];

/** Creates a single-use invite code; it is shown once, with a Copy button and a ready sign-up link. */
export function InviteDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <ShownOnceDialog<CreatedInvite>
      open={open}
      onClose={onClose}
      title="Create invite"
      resultTitle="Invite created"
      description={`The code works once and expires in ${INVITE_TTL_DAYS} days.`}
      renderForm={({ show, close }) => <InviteForm onCancel={close} onCreated={show} />}
      renderResult={(invite) => <InviteResult invite={invite} />}
    />
  );
}

function InviteResult({ invite }: { invite: CreatedInvite }) {
  const timeZone = useTimeZone();
  // The code in the fragment, as in the mailed link: browsers never send it, so no log keeps it.
  const link = typeof window === "undefined" ? "" : `${window.location.origin}/register#${new URLSearchParams({ invite: invite.inviteCode })}`;
  return (
    <>
      <p>
        Whoever registers with this code joins as <strong>{ROLE_LABELS[invite.role].toLowerCase()}</strong>
        {invite.email ? (
          <>
            {" "}
            (only <strong>{invite.email}</strong>)
          </>
        ) : null}
        . It expires {formatDateTime(invite.expiresAt, timeZone)} and is shown only this once.
      </p>
      {invite.email ? (
        <p role="status" className="text-sm text-fg">
          {invite.emailSent ? (
            <>
              A link to join was emailed to <strong>{invite.email}</strong>.
            </>
          ) : (
            <>The email could not be sent: share the link below, or resend it from the pending invites.</>
          )}
        </p>
      ) : null}
      <CopyField label="Invite code" value={invite.inviteCode} copyLabel="Copy code" />
      {link ? <CopyField label="Sign-up link" value={link} copyLabel="Copy link" /> : null}
    </>
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
      applyServerErrors({ setError: form.setError, error, fields: FIELDS, fallback: "Creating the invite failed. Please try again." });
    }
  });

  return (
    <form noValidate onSubmit={onSubmit} className="space-y-4">
      <fieldset disabled={isSubmitting} className="space-y-4">
        <FormField label="Role" required error={errors.role?.message}>
          <Select data-autofocus {...form.register("role")}>
            <RoleOptions />
          </Select>
        </FormField>
        <FormField label="Email" error={errors.email?.message} hint="Optional: the invite is emailed there, and only this address may use it.">
          <Input type="email" autoComplete="off" {...form.register("email")} />
        </FormField>
      </fieldset>
      <FormError message={errors.root?.message} />
      <DialogFormActions onCancel={onCancel} submitting={isSubmitting} submitLabel="Create invite" />
    </form>
  );
}
