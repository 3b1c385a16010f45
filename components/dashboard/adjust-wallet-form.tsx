"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm, type Path } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";
import { Button, FormError, FormField, Input, Select, Textarea } from "@/components/ui";
import { useAdjustWallet } from "@/hooks/use-wallet";
import { apiError } from "@/lib/api-client";
import { adjustWalletSchema, CREDIT_LIMITS } from "@/lib/credits/schemas";
import { applyServerErrors } from "@/lib/form-errors";
import { formatCount } from "@/lib/format";

// The dialog asks for a direction and a positive amount; the API takes one signed amount.
const adjustFormSchema = z.object({
  direction: z.enum(["topup", "clawback"]),
  amount: z
    .number({ error: "Enter a number of credits." })
    .int("Credits are whole numbers.")
    .min(1, "Enter at least 1 credit.")
    .max(CREDIT_LIMITS.grantAmount, `At most ${formatCount(CREDIT_LIMITS.grantAmount)} credits at once.`),
  reason: adjustWalletSchema.shape.reason,
});

type AdjustForm = z.infer<typeof adjustFormSchema>;
type AdjustFormInput = z.input<typeof adjustFormSchema>;
const FIELDS: Path<AdjustFormInput>[] = ["amount", "reason"];

/** The wallet dialog's form, with its validation: loaded when the dialog is first opened (adjust-wallet-button.tsx). */
export function AdjustWalletForm({ balance, onDone }: { balance: number; onDone: () => void }) {
  const adjust = useAdjustWallet();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<AdjustFormInput, unknown, AdjustForm>({
    resolver: zodResolver(adjustFormSchema),
    defaultValues: { direction: "topup", reason: "" },
  });

  const onSubmit = handleSubmit(async ({ direction, amount, reason }) => {
    if (direction === "clawback" && amount > balance) {
      setError("amount", { message: `The wallet has ${formatCount(balance)} credits; it cannot go below 0.` });
      return;
    }
    try {
      const result = await adjust.mutateAsync({ amount: direction === "topup" ? amount : -amount, reason });
      toast.success(direction === "topup" ? `Added ${formatCount(amount)} credits` : `Took back ${formatCount(amount)} credits`, {
        description: `The business wallet now holds ${formatCount(result.balance)} credits.`,
      });
      onDone();
    } catch (error) {
      const body = apiError(error);
      // The balance changed meanwhile and the claw-back would take it below 0: that is the amount's fault.
      if (body?.error === "conflict") setError("amount", { message: body.detail ?? "The wallet cannot go below 0." });
      else applyServerErrors({ setError, error, fields: FIELDS, fallback: "The wallet was not changed. Please try again." });
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Change the business wallet">
      <p className="text-sm text-fg">
        Current balance: <strong className="text-lg tabular-nums">{formatCount(balance)}</strong> credits
      </p>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Change">
          <Select {...register("direction")}>
            <option value="topup">Top up</option>
            <option value="clawback">Claw back</option>
          </Select>
        </FormField>
        <FormField label="Amount" error={errors.amount?.message} required>
          <Input type="number" inputMode="numeric" min={1} step={1} data-autofocus {...register("amount", { valueAsNumber: true })} />
        </FormField>
      </div>
      <FormField label="Reason" hint="Shown in the wallet's ledger and the audit log." error={errors.reason?.message} required>
        <Textarea rows={2} maxLength={CREDIT_LIMITS.grantReason} {...register("reason")} />
      </FormField>
      <FormError message={errors.root?.message} />
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Button type="button" variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" loading={isSubmitting}>
          Apply
        </Button>
      </div>
    </form>
  );
}
