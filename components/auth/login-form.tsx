"use client";

import Link from "next/link";
import { useEffect } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-error";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { InteractiveFieldset } from "@/components/ui/interactive-fieldset";
import { nextAuthClient } from "@/lib/auth/next-auth-client";
import type { loginSchema } from "@/lib/auth/schemas";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { lazyResolver } from "@/lib/lazy-resolver";
import { useAppSearchParams } from "@/hooks/use-app-route";

type Values = z.input<typeof loginSchema>;

const rules = lazyResolver(() => import("./login-form-rules").then((module) => module.loginResolver));

/**
 * Email + password through next-auth's credentials provider; lands on the role's home (or the page
 * that sent the visitor here). A page of its own, outside the app's client: it needs no more than this.
 */
export function LoginForm() {
  const searchParams = useAppSearchParams();
  const form = useForm<Values, unknown, z.output<typeof loginSchema>>({
    resolver: rules.resolver,
    defaultValues: { email: "", password: "" },
    mode: "onSubmit",
  });
  const { errors, isSubmitting, isSubmitSuccessful } = form.formState;
  // The form's rules and next-auth's client (which signs in) load while the visitor types, not before the form can show.
  useEffect(() => {
    rules.preload();
    void nextAuthClient.preload().catch(() => undefined);
  }, []);

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      window.location.replace(await signInWithPassword(values.email, values.password, searchParams.get("callbackUrl")));
    } catch (error) {
      form.setError("root", { message: error instanceof Error ? error.message : "Sign-in failed. Please try again." });
      form.setFocus("password");
    }
  });
  // Stay pending until the next page takes over, so the button cannot be pressed twice.
  const pending = isSubmitting || (isSubmitSuccessful && !errors.root);

  return (
    <form noValidate aria-label="Sign in" onSubmit={onSubmit}>
      <InteractiveFieldset className="space-y-4">
        {searchParams.get("reset") === "1" ? (
          <p role="status" className="rounded-lg border border-border bg-surface-muted p-3 text-sm text-fg">
            Your password was changed. Sign in with the new one.
          </p>
        ) : null}
        <FormField label="Email" error={errors.email?.message}>
          <Input type="email" autoComplete="email" {...form.register("email")} />
        </FormField>
        <FormField label="Password" error={errors.password?.message}>
          <Input type="password" autoComplete="current-password" {...form.register("password")} />
        </FormField>
        <p className="-mt-2 text-right text-sm">
          <Link href="/forgot-password" className="font-medium text-accent-fg underline-offset-2 hover:underline">
            Forgot your password?
          </Link>
        </p>
        <FormError message={errors.root?.message} banner />
        <Button type="submit" className="w-full" loading={pending}>
          Sign in
        </Button>
      </InteractiveFieldset>
    </form>
  );
}
