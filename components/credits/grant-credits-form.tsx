"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm, type Path } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";
import { Button, FormError, FormField, Input, Select, Textarea } from "@/components/ui";
import { useCreditLedger, useGrantCredits } from "@/hooks/use-business";
import { apiError } from "@/lib/api-client";
import { CREDIT_LIMITS, grantCreditsSchema } from "@/lib/credits/schemas";
import { applyServerErrors } from "@/lib/form-errors";
import { formatCount } from "@/lib/format";
import { CreditLedger } from "./credit-ledger";
import type { CreditsUser } from "./grant-credits-button";

// The dialog asks for a direction and a positive amount; the API takes one signed amount.
const grantFormSchema = z.object({
  direction: z.enum(["grant", "clawback"]),
  amount: z
    .number({ error: "Enter a number of credits." })
    .int("Credits are whole numbers.")
    .min(1, "Enter at least 1 credit.")
    .max(CREDIT_LIMITS.grantAmount, `At most ${formatCount(CREDIT_LIMITS.grantAmount)} credits at once.`),
  reason: grantCreditsSchema.shape.reason,
});

type GrantForm = z.infer<typeof grantFormSchema>;
type GrantFormInput = z.input<typeof grantFormSchema>;
const FIELDS: Path<GrantFormInput>[] = ["amount", "reason"];

const LEDGER_PAGE_SIZE = 8;

/** The credits dialog's form and the user's ledger: loaded when the dialog is first opened (grant-credits-button.tsx). */
export function CreditsDialogBody({ user, onDone }: { user: CreditsUser; onDone: () => void }) {
  const grant = useGrantCredits();
  const [page, setPage] = useState(1);
  const ledger = useCreditLedger(user.id, page, LEDGER_PAGE_SIZE);
  // The newest ledger row carries the balance after it, which equals the user's balance.
  const newest = page === 1 ? ledger.data?.results[0] : undefined;
  const balance = newest ? newest.balanceAfter : user.credits;

  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<GrantFormInput, unknown, GrantForm>({
    resolver: zodResolver(grantFormSchema),
    defaultValues: { direction: "grant", reason: "" },
  });

  const onSubmit = handleSubmit(async ({ direction, amount, reason }) => {
    if (direction === "clawback" && amount > balance) {
      setError("amount", { message: `${user.name} has ${formatCount(balance)} credits; a balance cannot go below 0.` });
      return;
    }
    try {
      const result = await grant.mutateAsync({ userId: user.id, amount: direction === "grant" ? amount : -amount, reason });
      reset({ direction, reason: "", amount: undefined });
      setPage(1);
      toast.success(direction === "grant" ? `Granted ${formatCount(amount)} credits` : `Clawed back ${formatCount(amount)} credits`, {
        description: `${user.name}'s balance is now ${formatCount(result.balance)}.`,
      });
    } catch (error) {
      const body = apiError(error);
      // The balance changed meanwhile and a claw-back would take it below 0: that is the amount's fault.
      if (body?.error === "conflict") setError("amount", { message: body.detail ?? "The balance cannot go below 0." });
      else applyServerErrors({ setError, error, fields: FIELDS, fallback: "The credits were not changed. Please try again." });
    }
  });

  return (
    <div className="space-y-6">
      <p className="text-sm">
        Current balance: <strong className="text-lg tabular-nums" data-testid="credits-balance">{formatCount(balance)}</strong> credits
      </p>
      <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label={`Change ${user.name}'s credits`}>
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField label="Change">
            <Select {...register("direction")}>
              <option value="grant">Grant credits</option>
              <option value="clawback">Claw back credits</option>
            </Select>
          </FormField>
          <FormField label="Amount" error={errors.amount?.message} required>
            <Input type="number" inputMode="numeric" min={1} step={1} data-autofocus {...register("amount", { valueAsNumber: true })} />
          </FormField>
        </div>
        <FormField label="Reason" hint="Shown in the ledger and the audit log." error={errors.reason?.message} required>
          <Textarea rows={2} maxLength={CREDIT_LIMITS.grantReason} {...register("reason")} />
        </FormField>
        <FormError message={errors.root?.message} />
        <div className="flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={onDone}>
            Close
          </Button>
          <Button type="submit" loading={isSubmitting}>
            Apply
          </Button>
        </div>
      </form>
      <section aria-labelledby={`ledger-${user.id}`} className="space-y-2">
        <h3 id={`ledger-${user.id}`} className="text-sm font-semibold text-fg">
          Ledger
        </h3>
        <CreditLedger ledger={ledger} page={page} pageSize={LEDGER_PAGE_SIZE} onPageChange={setPage} />
      </section>
    </div>
  );
}
