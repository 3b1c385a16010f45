import { zodResolver } from "@hookform/resolvers/zod";
import { businessSettingsFormSchema, shopSlugSchema } from "@/lib/business/schemas";

/** The settings page's rules, loaded after the page is up (settings-form.tsx, storefront-section.tsx). */
export const settingsResolver = zodResolver(businessSettingsFormSchema);

export { shopSlugSchema };
