"use client";

import { useEffect } from "react";
import { useForm, useWatch, type Path } from "react-hook-form";
import type { z } from "zod";
import { Button, Card, CardContent, CardDescription, CardHeader, CardTitle, FormError, FormField, Input, InteractiveFieldset } from "@/components/ui";
import { useCancelEmailChange, useChangePassword, useResendEmailChange, useUpdateProfile } from "@/hooks/use-account";
import { useAuth, type CurrentUser } from "@/hooks/use-auth";
import { useUnsavedChangesGuard } from "@/hooks/use-unsaved-changes";
import { errorMessage, isHttpError } from "@/lib/api-client";
import { ROLE_HOME } from "@/lib/auth/page-access";
import { registerWithDefaults } from "@/lib/form-defaults";
import { applyServerErrors } from "@/lib/form-errors";
import { lazyResolver } from "@/lib/lazy-resolver";
import { toast } from "@/lib/toast";
import { ROLE_LABELS } from "@/lib/users/vocabulary";
import type { passwordFormSchema, profileSchema } from "./account-form-rules";
import { emailMoves, profileChanges } from "./profile-changes";

/** /account: one's own name, email and password; the only page open while a temporary password awaits its change. */
export function AccountView() {
  const { user, mustChangePassword } = useAuth();
  // Both forms are on the first paint; their rules load right behind it.
  useEffect(() => {
    profileRules.preload();
    passwordRules.preload();
  }, []);
  if (!user) return null;
  return (
    <div className="mx-auto max-w-2xl space-y-5">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-fg">Your account</h1>
        <p className="text-sm text-fg-muted">
          {ROLE_LABELS[user.role]} at {user.business.name}
        </p>
      </div>
      {mustChangePassword ? (
        <p role="status" className="rounded-lg border border-border-strong bg-accent-soft p-3 text-sm text-fg">
          Your password was set by an admin. Choose your own to continue: the rest of the app opens once it is changed.
        </p>
      ) : (
        <ProfileCard user={user} />
      )}
      <PasswordCard email={user.email} role={user.role} required={mustChangePassword} />
    </div>
  );
}

const profileRules = lazyResolver(() => import("./account-form-rules").then((module) => module.profileResolver));
const passwordRules = lazyResolver(() => import("./account-form-rules").then((module) => module.passwordResolver));

type ProfileValues = z.input<typeof profileSchema>;
const PROFILE_FIELDS: Path<ProfileValues>[] = ["name", "email", "currentPassword"];

function ProfileCard({ user }: { user: CurrentUser }) {
  const update = useUpdateProfile();
  const defaults: ProfileValues = { name: user.name, email: user.email, currentPassword: "" };
  const form = useForm<ProfileValues, unknown, z.output<typeof profileSchema>>({
    resolver: profileRules.resolver,
    defaultValues: defaults,
    mode: "onTouched",
  });
  const field = registerWithDefaults(form.register, defaults);
  const { errors, isSubmitting, isDirty } = form.formState;
  useUnsavedChangesGuard(isDirty && !isSubmitting);
  const email = useWatch({ control: form.control, name: "email" });
  const emailChanges = emailMoves(email, user.email);

  const onSubmit = form.handleSubmit(async (values) => {
    if (emailChanges && values.currentPassword === "") {
      form.setError("currentPassword", { message: "Enter your current password to change your email." }, { shouldFocus: true });
      return;
    }
    try {
      const me = await update.mutateAsync(profileChanges(values, user.email));
      form.reset({ name: me.user.name, email: me.user.email, currentPassword: "" });
      if (emailChanges && me.user.pendingEmail) toast.success(`Profile saved. Open the link we sent to ${me.user.pendingEmail} to change your email.`);
      else toast.success("Profile saved.");
    } catch (error) {
      applyServerErrors({ setError: form.setError, error, fields: PROFILE_FIELDS, fallback: "Saving the profile failed. Please try again." });
    }
  });

  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2">Profile</CardTitle>
        <CardDescription>Your name is shown to your team; your email is what you sign in with and where reset links go.</CardDescription>
      </CardHeader>
      <CardContent>
        <form noValidate aria-label="Profile" onSubmit={onSubmit}>
          <InteractiveFieldset className="space-y-4">
            <FormField label="Name" error={errors.name?.message}>
              <Input autoComplete="name" {...field("name")} />
            </FormField>
            <FormField label="Email" error={errors.email?.message}>
              <Input type="email" autoComplete="email" {...field("email")} />
            </FormField>
            {user.pendingEmail ? <PendingEmail pendingEmail={user.pendingEmail} /> : null}
            {emailChanges ? (
              <FormField label="Current password" error={errors.currentPassword?.message} hint="Needed to change your email.">
                <Input type="password" autoComplete="current-password" {...form.register("currentPassword")} />
              </FormField>
            ) : null}
            <FormError message={errors.root?.message} banner />
            <Button type="submit" loading={isSubmitting}>
              Save profile
            </Button>
          </InteractiveFieldset>
        </form>
      </CardContent>
    </Card>
  );
}

/** A new email waits for its link: nothing changes until it is opened, and it can be sent again or dropped. */
function PendingEmail({ pendingEmail }: { pendingEmail: string }) {
  const resend = useResendEmailChange();
  const cancel = useCancelEmailChange();
  const busy = resend.isPending || cancel.isPending;
  return (
    <div role="status" className="space-y-2 rounded-lg border border-border-strong bg-accent-soft p-3 text-sm text-fg">
      <p>
        We sent a link to <strong>{pendingEmail}</strong>. Your email changes to it once the link is opened; until then you sign in with the address
        above.
      </p>
      <div className="flex flex-wrap gap-2">
        <Button
          type="button"
          variant="secondary"
          size="sm"
          disabled={busy}
          loading={resend.isPending}
          onClick={() =>
            resend.mutate(undefined, {
              onSuccess: () => toast.success(`A new link is on its way to ${pendingEmail}. The earlier one no longer works.`),
              onError: (error) => toast.error(errorMessage(error, "Sending the link failed. Please try again.")),
            })
          }
        >
          Resend
        </Button>
        <Button
          type="button"
          variant="ghost"
          size="sm"
          disabled={busy}
          loading={cancel.isPending}
          onClick={() =>
            cancel.mutate(undefined, {
              onSuccess: () => toast.success("Email change cancelled."),
              onError: (error) => toast.error(errorMessage(error, "Cancelling failed. Please try again.")),
            })
          }
        >
          Cancel change
        </Button>
      </div>
    </div>
  );
}

type PasswordValues = z.input<typeof passwordFormSchema>;
const PASSWORD_FIELDS: Path<PasswordValues>[] = ["currentPassword", "newPassword"];

function PasswordCard({ email, role, required }: { email: string; role: CurrentUser["role"]; required: boolean }) {
  const change = useChangePassword();
  const form = useForm<PasswordValues, unknown, z.output<typeof passwordFormSchema>>({
    resolver: passwordRules.resolver,
    defaultValues: { currentPassword: "", newPassword: "", confirmPassword: "" },
    mode: "onTouched",
  });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      await change.mutateAsync({ email, currentPassword: values.currentPassword, newPassword: values.newPassword });
      form.reset();
      if (required) {
        // A full load: the router may hold the redirects to this page it met while the change was pending.
        window.location.replace(ROLE_HOME[role]);
      } else {
        toast.success("Password changed. Every other session was signed out.");
      }
    } catch (error) {
      applyServerErrors({
        setError: form.setError,
        error,
        fields: PASSWORD_FIELDS,
        fallback: error instanceof Error && !isHttpError(error) ? error.message : "Changing the password failed. Please try again.",
      });
    }
  });

  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2">{required ? "Choose your password" : "Password"}</CardTitle>
        <CardDescription>At least 8 characters. Changing it signs you out everywhere else.</CardDescription>
      </CardHeader>
      <CardContent>
        <form noValidate aria-label="Change password" onSubmit={onSubmit}>
          <InteractiveFieldset className="space-y-4">
            <FormField label={required ? "Temporary password" : "Current password"} error={errors.currentPassword?.message}>
              <Input type="password" autoComplete="current-password" {...form.register("currentPassword")} />
            </FormField>
            <FormField label="New password" error={errors.newPassword?.message}>
              <Input type="password" autoComplete="new-password" {...form.register("newPassword")} />
            </FormField>
            <FormField label="Repeat the new password" error={errors.confirmPassword?.message}>
              <Input type="password" autoComplete="new-password" {...form.register("confirmPassword")} />
            </FormField>
            <FormError message={errors.root?.message} banner />
            <Button type="submit" loading={isSubmitting}>
              Change password
            </Button>
          </InteractiveFieldset>
        </form>
      </CardContent>
    </Card>
  );
}
