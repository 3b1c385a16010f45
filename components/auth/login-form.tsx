"use client";

import Link from "next/link";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-error";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { InteractiveFieldset } from "@/components/ui/interactive-fieldset";
import { nextAuthClient } from "@/lib/auth/next-auth-client";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { lazyModule, UNREACHABLE_MESSAGE } from "@/lib/lazy-module";
import type { LoginCheck, LoginFieldErrors } from "./login-form-rules";

const rules = lazyModule(() => import("./login-form-rules"));

type Values = { email: string; password: string };
type Errors = LoginFieldErrors & { root?: string };

/**
 * Email + password through next-auth's credentials provider; lands on the role's home (or the page
 * that sent the visitor here, `callbackUrl`). A page of its own, outside the app's client: it needs no
 * more than this, and so no form library either (two fields; a visitor's /login holds 130 kB of script
 * with the Pages Router's client). Its query comes as props, so either router's copy of /login renders it.
 */
export function LoginForm({ callbackUrl, passwordChanged }: { callbackUrl: string | null; passwordChanged: boolean }) {
  const [values, setValues] = useState<Values>({ email: "", password: "" });
  const [errors, setErrors] = useState<Errors>({});
  const [submitted, setSubmitted] = useState(false);
  // Stays set once the sign-in succeeded, until the next page takes over, so the button cannot be pressed twice.
  const [pending, setPending] = useState(false);
  const emailField = useRef<HTMLInputElement>(null);
  const passwordField = useRef<HTMLInputElement>(null);
  // The form's rules and next-auth's client (which signs in) load while the visitor types, not before the form can show.
  useEffect(() => {
    void rules.preload().catch(() => undefined);
    void nextAuthClient.preload().catch(() => undefined);
  }, []);

  // After the first try, each change is checked again as it is typed (when the rules are there).
  const change = (field: keyof Values) => (event: { target: { value: string } }) => {
    const next = { ...values, [field]: event.target.value };
    setValues(next);
    const check = submitted ? rules.loaded()?.checkLogin(next) : undefined;
    if (check) setErrors((current) => ({ root: current.root, ...("errors" in check ? check.errors : {}) }));
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    setSubmitted(true);
    setPending(true);
    let check: LoginCheck;
    try {
      check = (await rules.preload()).checkLogin(values);
    } catch {
      setErrors({ root: UNREACHABLE_MESSAGE });
      setPending(false);
      return;
    }
    if ("errors" in check) {
      setErrors(check.errors);
      setPending(false);
      (check.errors.email ? emailField : passwordField).current?.focus();
      return;
    }
    setErrors({});
    try {
      window.location.replace(await signInWithPassword(check.values.email, check.values.password, callbackUrl));
    } catch (error) {
      setErrors({ root: error instanceof Error ? error.message : "Sign-in failed. Please try again." });
      setPending(false);
      passwordField.current?.focus();
    }
  };

  return (
    <form noValidate aria-label="Sign in" onSubmit={(event) => void onSubmit(event)}>
      <InteractiveFieldset className="space-y-4">
        {passwordChanged ? (
          <p role="status" className="rounded-lg border border-border bg-surface-muted p-3 text-sm text-fg">
            Your password was changed. Sign in with the new one.
          </p>
        ) : null}
        <FormField label="Email" error={errors.email}>
          <Input ref={emailField} name="email" type="email" autoComplete="email" value={values.email} onChange={change("email")} />
        </FormField>
        <FormField label="Password" error={errors.password}>
          <Input ref={passwordField} name="password" type="password" autoComplete="current-password" value={values.password} onChange={change("password")} />
        </FormField>
        <p className="-mt-2 text-right text-sm">
          <Link href="/forgot-password" className="font-medium text-accent-fg underline-offset-2 hover:underline">
            Forgot your password?
          </Link>
        </p>
        <FormError message={errors.root} banner />
        <Button type="submit" className="w-full" loading={pending}>
          Sign in
        </Button>
      </InteractiveFieldset>
    </form>
  );
}
