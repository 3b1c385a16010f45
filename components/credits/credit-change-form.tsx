"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm, type Path } from "react-hook-form";
import { z } from "zod";
import { Button, FormError, FormField, Input, Select, Textarea } from "@/components/ui";
import { apiError } from "@/lib/api-client";
import { CREDIT_LIMITS, grantCreditsSchema, type CreditChangeLimits } from "@/lib/credits/schemas";
import { applyServerErrors } from "@/lib/form-errors";
import { formatCount } from "@/lib/format";

// The dialog asks for a direction and a positive amount; the API takes one signed amount. Its bound is the
// operator's (sent with the ledger beside the form) once known, the API's own until then.
export function creditChangeSchema(maxChange: number = CREDIT_LIMITS.grantAmount) {
  return z.object({
    direction: z.enum(["add", "clawback"]),
    amount: z
      .number({ error: "Enter a number of credits." })
      // The limit first: a number too large to be exact would otherwise be told it is no whole number.
      .max(maxChange, `Too many for one change: at most ${formatCount(maxChange)} credits.`)
      .int("Credits are whole numbers.")
      .min(1, "Enter at least 1 credit."),
    reason: grantCreditsSchema.shape.reason,
  });
}

export type CreditChange = z.infer<ReturnType<typeof creditChangeSchema>>;
type CreditChangeInput = z.input<ReturnType<typeof creditChangeSchema>>;
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
 * Why an addition would take the balance past the operator's largest, or null when it would not. The
 * server checks the same under its lock; this spares the round trip.
 */
export function balanceCeilingRefusal(change: CreditChange, balance: number, maxBalance: number): string | null {
  if (change.direction !== "add" || balance + change.amount <= maxBalance) return null;
  const room = Math.max(0, maxBalance - balance);
  return room === 0
    ? `A balance may hold at most ${formatCount(maxBalance)} credits, and this one is full.`
    : `A balance may hold at most ${formatCount(maxBalance)} credits: add at most ${formatCount(room)}.`;
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
    resolver: zodResolver(creditChangeSchema(limits?.maxChange)),
    defaultValues: { direction: "add", reason: "" },
  });

  const onSubmit = handleSubmit(async (change) => {
    if (change.direction === "clawback" && change.amount > balance) {
      setError("amount", { message: wording.overdrawn(balance) });
      return;
    }
    const refusal = limits ? balanceCeilingRefusal(change, balance, limits.maxBalance) : null;
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
