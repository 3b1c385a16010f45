"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useSyncExternalStore } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { Button, FormError, FormField, Input, InteractiveFieldset } from "@/components/ui";
import { api } from "@/lib/api-client";
import { passwordSchema } from "@/lib/auth/schemas";
import { applyServerErrors } from "@/lib/form-errors";

const formSchema = z
  .object({ password: passwordSchema, confirmPassword: z.string() })
  .refine((value) => value.password === value.confirmPassword, { path: ["confirmPassword"], message: "The two passwords differ." });
type Values = z.input<typeof formSchema>;

// The token rides in the link's fragment (#token=…), which the browser never sends to a server.
const subscribe = (onChange: () => void) => {
  window.addEventListener("hashchange", onChange);
  return () => window.removeEventListener("hashchange", onChange);
};
const tokenFromHash = () => new URLSearchParams(window.location.hash.slice(1)).get("token") ?? "";

/** Sets a new password with the token of a reset link, then sends the visitor to sign in with it. */
export function ResetPasswordForm() {
  const token = useSyncExternalStore(subscribe, tokenFromHash, () => null);
  const router = useRouter();
  const form = useForm<Values, unknown, z.output<typeof formSchema>>({
    resolver: zodResolver(formSchema),
    defaultValues: { password: "", confirmPassword: "" },
    mode: "onTouched",
  });
  const { errors, isSubmitting, isSubmitSuccessful } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      await api.post("/api/auth/password/reset", { token, password: values.password });
      router.replace("/login?reset=1");
    } catch (error) {
      applyServerErrors({ setError: form.setError, error, fields: ["password"], fallback: "The password could not be reset. Please try again." });
    }
  });

  if (token === null) return null;
  if (token === "") {
    return (
      <p role="alert" className="text-sm text-fg">
        This link is incomplete. Open the link from the email again, or{" "}
        <Link href="/forgot-password" className="font-medium text-accent-fg underline underline-offset-2">
          ask for a new one
        </Link>
        .
      </p>
    );
  }
  return (
    <form noValidate aria-label="Choose a new password" onSubmit={onSubmit}>
      <InteractiveFieldset className="space-y-4">
        <FormField label="New password" error={errors.password?.message} hint="At least 8 characters.">
          <Input type="password" autoComplete="new-password" {...form.register("password")} />
        </FormField>
        <FormField label="Repeat the new password" error={errors.confirmPassword?.message}>
          <Input type="password" autoComplete="new-password" {...form.register("confirmPassword")} />
        </FormField>
        <FormError message={errors.root?.message} banner />
        {errors.root ? (
          <p className="text-sm">
            <Link href="/forgot-password" className="font-medium text-accent-fg underline underline-offset-2">
              Ask for a new link
            </Link>
          </p>
        ) : null}
        <Button type="submit" className="w-full" loading={isSubmitting || (isSubmitSuccessful && !errors.root)}>
          Set the new password
        </Button>
      </InteractiveFieldset>
    </form>
  );
}
