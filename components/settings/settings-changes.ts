import type { BusinessSettingsForm, UpdateBusinessInput } from "@/lib/business/schemas";

/**
 * What the settings form sends: only the fields the admin changed (`dirty`, react-hook-form's
 * dirtyFields). A field left as it was loaded is not sent, so saving does not put back the old value
 * of a setting another admin (or another tab) changed meanwhile.
 */
export function changedSettings(values: BusinessSettingsForm, dirty: Partial<Record<keyof BusinessSettingsForm, unknown>>): UpdateBusinessInput {
  const input: UpdateBusinessInput = {};
  const settings: Record<string, unknown> = {};
  for (const key of Object.keys(values) as (keyof BusinessSettingsForm)[]) {
    if (!dirty[key]) continue;
    if (key === "name") input.name = values.name;
    else settings[key] = values[key];
  }
  if (Object.keys(settings).length > 0) input.settings = settings as UpdateBusinessInput["settings"];
  return input;
}
