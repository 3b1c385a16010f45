import { zodResolver } from "@hookform/resolvers/zod";
import type { FieldErrors } from "react-hook-form";
import { businessSettingsFormSchema, shopSlugSchema, type BusinessPolicy } from "@/lib/business/schemas";
import { formatCount } from "@/lib/format";

const schemaResolver = zodResolver(businessSettingsFormSchema);

/**
 * The settings page's rules, loaded after the page is up (settings-form.tsx, storefront-section.tsx):
 * the schema's, then the operator's policy the page was given as the form's context, so a value the
 * server would refuse is refused here with the server's own words and limit.
 */
export const settingsResolver: typeof schemaResolver = async (values, context, options) => {
  const result = await schemaResolver(values, context, options);
  const policy = context as BusinessPolicy | undefined;
  if (!policy) return result;
  const errors: FieldErrors = {};
  const cost = Number(values.messageCost);
  const credits = Number(values.initialCredits);
  if (!result.errors.messageCost && Number.isFinite(cost) && cost < policy.minMessageCost) {
    errors.messageCost = { type: "min", message: `Message cost must be at least ${formatCount(policy.minMessageCost)}.` };
  }
  if (Number.isFinite(credits) && credits > policy.maxInitialCredits) {
    errors.initialCredits = { type: "max", message: `Initial credits must be at most ${formatCount(policy.maxInitialCredits)}.` };
  }
  if (Object.keys(errors).length === 0) return result;
  return { values: {}, errors: { ...result.errors, ...errors } } as Awaited<ReturnType<typeof schemaResolver>>;
};

export { shopSlugSchema };
