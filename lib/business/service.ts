import "server-only";
import { getDb, transaction } from "@/db/client";
import type { Business } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { notFound } from "@/lib/errors";
import type { RequestContext } from "@/lib/request-context";
import { getBusinessById, getBusinessForUpdate, updateBusinessRow } from "./queries";
import { SETTINGS_KEYS, type BusinessSettings, type BusinessView, type UpdateBusinessInput } from "./schemas";

function toView(business: Business): BusinessView {
  return {
    id: business.id,
    name: business.name,
    settings: {
      botName: business.botName,
      botColor: business.botColor,
      greeting: business.greeting,
      instructions: business.instructions,
      model: business.model,
      messageCost: business.messageCost,
      initialCredits: business.initialCredits,
    },
  };
}

/** Any signed-in member reads their own business's settings (the chat needs botName, colour, greeting). Throws 404. */
export async function getBusiness(actor: Actor): Promise<BusinessView> {
  const business = await getBusinessById(getDb(), { businessId: actor.businessId });
  if (!business) throw notFound("Business");
  return toView(business);
}

type Editable = keyof BusinessSettings | "name";
type EditableValues = Partial<BusinessSettings & { name: string }>;

/**
 * settings:manage. Updates the name and/or assistant settings; the next chat message reads the new
 * values. Audited with the changed fields' before and after values. Throws 403, 404.
 */
export async function updateBusiness(actor: Actor, input: UpdateBusinessInput, ctx: RequestContext = {}): Promise<BusinessView> {
  assertCan(actor, "settings:manage");
  return transaction(async (tx) => {
    const current = await getBusinessForUpdate(tx, { businessId: actor.businessId });
    if (!current) throw notFound("Business");
    const requested: Partial<Record<Editable, string | number>> = { ...input.settings };
    if (input.name !== undefined) requested.name = input.name;

    const before: Partial<Record<Editable, string | number>> = {};
    const after: Partial<Record<Editable, string | number>> = {};
    for (const key of ["name", ...SETTINGS_KEYS] as Editable[]) {
      const next = requested[key];
      if (next !== undefined && next !== current[key]) {
        before[key] = current[key];
        after[key] = next;
      }
    }
    if (Object.keys(after).length === 0) return toView(current);

    const updated = await updateBusinessRow(tx, { businessId: actor.businessId, values: after as EditableValues });
    await recordAudit(tx, {
      actor,
      action: "business.update",
      entityType: "business",
      entityId: actor.businessId,
      summary: { before, after },
      requestId: ctx.requestId,
    });
    return toView(updated);
  });
}
