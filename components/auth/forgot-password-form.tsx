"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Button, FormError, FormField, Input, InteractiveFieldset } from "@/components/ui";
import { api } from "@/lib/api-client";
import { forgotPasswordSchema } from "@/lib/auth/schemas";
import { applyServerErrors } from "@/lib/form-errors";

type Values = z.input<typeof forgotPasswordSchema>;

/** Asks for a reset link; the answer is the same whether or not the address has an account. */
export function ForgotPasswordForm() {
  const [sent, setSent] = useState<string | null>(null);
  const form = useForm<Values, unknown, z.output<typeof forgotPasswordSchema>>({
    resolver: zodResolver(forgotPasswordSchema),
    defaultValues: { email: "" },
    mode: "onSubmit",
  });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      const { data } = await api.post<{ detail: string }>("/api/auth/password/forgot", values);
      setSent(data.detail);
    } catch (error) {
      applyServerErrors({ setError: form.setError, error, fields: ["email"], fallback: "The link could not be requested. Please try again." });
    }
  });

  if (sent) {
    return (
      <p role="status" className="rounded-lg border border-border bg-surface-muted p-3 text-sm text-fg">
        {sent}
      </p>
    );
  }
  return (
    <form noValidate aria-label="Reset password" onSubmit={onSubmit}>
      <InteractiveFieldset className="space-y-4">
        <FormField label="Email" error={errors.email?.message}>
          <Input type="email" autoComplete="email" {...form.register("email")} />
        </FormField>
        <FormError message={errors.root?.message} banner />
        <Button type="submit" className="w-full" loading={isSubmitting}>
          Email me a link
        </Button>
      </InteractiveFieldset>
    </form>
  );
}
