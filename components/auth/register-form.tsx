"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm, type Path } from "react-hook-form";
import { z } from "zod";
import { Button, FormField, Input, FormError, InteractiveFieldset } from "@/components/ui";
import { useRegister } from "@/hooks/use-register";
import { apiError } from "@/lib/api-client";
import { businessNameSchema, emailSchema, inviteCodeSchema, passwordSchema, personNameSchema, PASSWORD_MIN } from "@/lib/auth/schemas";
import { applyServerErrors } from "@/lib/form-errors";
import type { InviteDescription } from "@/lib/users/schemas";
import { ROLE_LABELS } from "@/lib/users/vocabulary";

type Mode = "business" | "invite";

// One form for both modes: only the active mode's extra field is validated.
const formSchema = z
  .object({
    mode: z.enum(["business", "invite"]),
    name: personNameSchema,
    email: emailSchema,
    password: passwordSchema,
    businessName: z.string(),
    inviteCode: z.string(),
  })
  .superRefine((value, ctx) => {
    const [field, schema] = value.mode === "business" ? (["businessName", businessNameSchema] as const) : (["inviteCode", inviteCodeSchema] as const);
    const result = schema.safeParse(value[field]);
    if (!result.success) ctx.addIssue({ code: "custom", path: [field], message: result.error.issues[0]!.message });
  });

type Values = z.input<typeof formSchema>;
const FIELDS: Path<Values>[] = ["name", "email", "password", "businessName", "inviteCode"];

const MODES: { value: Mode; label: string; hint: string }[] = [
  { value: "business", label: "Create a business", hint: "Start a new business; you become its admin." },
  { value: "invite", label: "Join with an invite code", hint: "Join a business that invited you." },
];

/**
 * Sign-up in two modes: a new business with its first admin, or joining one with an invite code.
 * Opened from an invite link (`invite`), it names the business and the role and fills in the address the
 * invite is for (`invitation`, the server's word on the code), or says why the code was not checked.
 */
export function RegisterForm({ invite = "", invitation, inviteProblem }: { invite?: string; invitation?: InviteDescription; inviteProblem?: string }) {
  const createAccount = useRegister();
  const router = useRouter();
  const [mode, setMode] = useState<Mode>(invite ? "invite" : "business");
  const form = useForm<Values, unknown, z.output<typeof formSchema>>({
    resolver: zodResolver(formSchema),
    defaultValues: { mode, name: "", email: invitation?.email ?? "", password: "", businessName: "", inviteCode: invite },
    mode: "onTouched",
  });
  const { errors, isSubmitting, isSubmitSuccessful } = form.formState;

  const switchMode = (next: Mode) => {
    setMode(next);
    form.setValue("mode", next);
    form.clearErrors(["businessName", "inviteCode"]);
    form.clearErrors("root");
  };

  const onSubmit = form.handleSubmit(async (values) => {
    const base = { email: values.email, password: values.password, name: values.name };
    try {
      const home = await createAccount(
        values.mode === "business" ? { ...base, businessName: values.businessName.trim() } : { ...base, inviteCode: values.inviteCode.trim() },
      );
      router.replace(home);
    } catch (error) {
      // useRegister's own failures (the account exists but signing in failed) carry a readable message.
      const fallback = !apiError(error) && error instanceof Error ? error.message : "Creating the account failed. Please try again.";
      applyServerErrors({ setError: form.setError, error, fields: FIELDS, fallback });
    }
  });
  const pending = isSubmitting || (isSubmitSuccessful && !errors.root);

  return (
    <form noValidate aria-label="Create account" onSubmit={onSubmit}>
      <InteractiveFieldset className="space-y-4">
        {invitation ? (
          <p role="status" className="rounded-lg border border-border-strong bg-accent-soft p-3 text-sm text-fg">
            You are invited to join <strong>{invitation.businessName}</strong> as <strong>{ROLE_LABELS[invitation.role].toLowerCase()}</strong>.
          </p>
        ) : inviteProblem ? (
          <p role="alert" className="rounded-lg border border-border-strong bg-surface-muted p-3 text-sm text-fg">
            {inviteProblem}
          </p>
        ) : null}
        <fieldset className={invitation ? "hidden" : "space-y-2"}>
          <legend className="text-sm font-medium text-fg">How do you want to start?</legend>
          <div className="grid gap-2 sm:grid-cols-2">
            {MODES.map((option) => (
              <label
                key={option.value}
                className={`flex cursor-pointer gap-2 rounded-lg border p-3 text-sm transition-colors has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-accent ${
                  mode === option.value ? "border-accent bg-accent-soft" : "border-border hover:bg-surface-muted"
                }`}
              >
                <input
                  type="radio"
                  name="register-mode"
                  value={option.value}
                  checked={mode === option.value}
                  onChange={() => switchMode(option.value)}
                  className="mt-0.5 accent-accent"
                />
                <span>
                  <span className="block font-medium text-fg">{option.label}</span>
                  <span className="block text-fg-muted">{option.hint}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>

        <fieldset disabled={pending} className="space-y-4">
          <FormField label="Name" error={errors.name?.message}>
            <Input autoComplete="name" {...form.register("name")} />
          </FormField>
          <FormField label="Email" error={errors.email?.message} hint={invitation?.email ? "The invite is for this address." : undefined}>
            <Input type="email" autoComplete="email" readOnly={Boolean(invitation?.email)} {...form.register("email")} />
          </FormField>
          <FormField label="Password" error={errors.password?.message} hint={`At least ${PASSWORD_MIN} characters. A passphrase works well.`}>
            <Input type="password" autoComplete="new-password" {...form.register("password")} />
          </FormField>
          {mode === "business" ? (
            <FormField label="Business name" error={errors.businessName?.message}>
              <Input autoComplete="organization" {...form.register("businessName")} />
            </FormField>
          ) : invitation ? null : (
            <FormField label="Invite code" error={errors.inviteCode?.message} hint="The code an admin of the business gave you.">
              <Input autoComplete="off" spellCheck={false} {...form.register("inviteCode")} />
            </FormField>
          )}
        </fieldset>

        {/* From an invite link the code is not shown, but the server's word on it still is. */}
        {invitation ? <FormError message={errors.inviteCode?.message} banner /> : null}
        <FormError message={errors.root?.message} banner />
        <Button type="submit" className="w-full" loading={pending}>
          Create account
        </Button>
      </InteractiveFieldset>
    </form>
  );
}
