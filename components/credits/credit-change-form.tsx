"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm, type Path } from "react-hook-form";
import { z } from "zod";
import { Button, FormError, FormField, Input, Select, Textarea } from "@/components/ui";
import { apiError } from "@/lib/api-client";
import { CREDIT_LIMITS, grantCreditsSchema, type CreditChangeLimits } from "@/lib/credits/schemas";
import { applyServerErrors } from "@/lib/form-errors";
import { formatCount } from "@/lib/format";

// The dialog asks for a direction and a positive amount; the API takes one signed amount.
export const creditChangeSchema = z.object({
  direction: z.enum(["add", "clawback"]),
  amount: z
    .number({ error: "Enter a number of credits." })
    // The limit first: a number too large to be exact would otherwise be told it is no whole number.
    .max(CREDIT_LIMITS.grantAmount, `At most ${formatCount(CREDIT_LIMITS.grantAmount)} credits at once.`)
    .int("Credits are whole numbers.")
    .min(1, "Enter at least 1 credit."),
  reason: grantCreditsSchema.shape.reason,
});

export type CreditChange = z.infer<typeof creditChangeSchema>;
type CreditChangeInput = z.input<typeof creditChangeSchema>;
const FIELDS: Path<CreditChangeInput>[] = ["amount", "reason"];

export type CreditChangeWording = {
  /** The form's accessible name, e.g. "Change the business wallet". */
  formLabel: string;
  addLabel: string;
  clawbackLabel: string;
  reasonHint: string;
  /** Said when a claw-back would take the balance below 0. */
  overdrawn: (balance: number) => string;
  /** Said when the change failed for a reason the fields cannot show. */
  notChanged: string;
  dismissLabel: string;
};

/**
 * What the operator's bounds say of a change the schema accepted, or null when they allow it. The
 * server checks the same (the balance again under its lock); this only spares a round trip.
 */
export function creditChangeRefusal(change: CreditChange, balance: number, limits: CreditChangeLimits): string | null {
  if (change.amount > limits.maxChange) return `At most ${formatCount(limits.maxChange)} credits at once.`;
  if (change.direction === "add" && balance + change.amount > limits.maxBalance) {
    const room = Math.max(0, limits.maxBalance - balance);
    return room === 0
      ? `A balance may hold at most ${formatCount(limits.maxBalance)} credits, and this one is full.`
      : `A balance may hold at most ${formatCount(limits.maxBalance)} credits: add at most ${formatCount(room)}.`;
  }
  return null;
}

/**
 * A grant or claw-back of credits: a member's (the users' credits dialog) or the business wallet's.
 * `apply` receives the signed amount; a 409 from it means the balance moved meanwhile and a
 * claw-back would take it below 0, which is the amount's fault. `limits` comes with the ledger beside
 * the form; until it has come, only the server bounds the amount.
 */
export function CreditChangeForm({
  balance,
  limits,
  wording,
  apply,
  onDismiss,
}: {
  balance: number;
  limits: CreditChangeLimits | undefined;
  wording: CreditChangeWording;
  apply: (signedAmount: number, change: CreditChange) => Promise<unknown>;
  onDismiss: () => void;
}) {
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<CreditChangeInput, unknown, CreditChange>({
    resolver: zodResolver(creditChangeSchema),
    defaultValues: { direction: "add", reason: "" },
  });

  const onSubmit = handleSubmit(async (change) => {
    if (change.direction === "clawback" && change.amount > balance) {
      setError("amount", { message: wording.overdrawn(balance) });
      return;
    }
    const refusal = limits ? creditChangeRefusal(change, balance, limits) : null;
    if (refusal) {
      setError("amount", { message: refusal });
      return;
    }
    try {
      await apply(change.direction === "add" ? change.amount : -change.amount, change);
      reset({ direction: change.direction, reason: "", amount: undefined });
    } catch (error) {
      const body = apiError(error);
      if (body?.error === "conflict") setError("amount", { message: body.detail ?? "The balance cannot go below 0." });
      else applyServerErrors({ setError, error, fields: FIELDS, fallback: wording.notChanged });
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label={wording.formLabel}>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Change">
          <Select {...register("direction")}>
            <option value="add">{wording.addLabel}</option>
            <option value="clawback">{wording.clawbackLabel}</option>
          </Select>
        </FormField>
        <FormField
          label="Amount"
          hint={limits ? `At most ${formatCount(limits.maxChange)} at once.` : undefined}
          error={errors.amount?.message}
          required
        >
          <Input
            type="number"
            inputMode="numeric"
            min={1}
            max={limits?.maxChange}
            step={1}
            data-autofocus
            {...register("amount", { valueAsNumber: true })}
          />
        </FormField>
      </div>
      <FormField label="Reason" hint={wording.reasonHint} error={errors.reason?.message} required>
        <Textarea rows={2} maxLength={CREDIT_LIMITS.grantReason} {...register("reason")} />
      </FormField>
      <FormError message={errors.root?.message} />
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Button type="button" variant="secondary" onClick={onDismiss}>
          {wording.dismissLabel}
        </Button>
        <Button type="submit" loading={isSubmitting}>
          Apply
        </Button>
      </div>
    </form>
  );
}
