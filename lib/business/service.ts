import "server-only";
import { randomBytes } from "node:crypto";
import { getDb, isUniqueViolation, transaction } from "@/db/client";
import type { Business } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { parseModelId } from "@/lib/ai/model-ids";
import { offeredModels } from "@/lib/ai/models";
import { assertCan, can, type Actor } from "@/lib/auth/permissions";
import { assertStillMay } from "@/lib/users/service";
import { env } from "@/lib/env";
import { AppError, notFound, type FieldErrors } from "@/lib/errors";
import { formatCount } from "@/lib/format";
import type { RequestContext } from "@/lib/request-context";
import { announceCatalogChange } from "@/lib/products/catalog-cache";
import { announceBusinessChange } from "./chat-settings";
import { getBusinessById, getBusinessForUpdate, getIdentitySecret as getIdentitySecretRow, lockBusiness, setIdentitySecret, updateBusinessRow } from "./queries";
import {
  PUBLIC_SETTINGS_KEYS,
  SETTINGS_KEYS,
  type BusinessPolicy,
  type BusinessSettings,
  type BusinessView,
  type IdentitySecretView,
  type PublicBusinessView,
  type UpdateBusinessInput,
} from "./schemas";

/** The operator's bounds on a business's settings (docs/security.md, cost controls). */
export function businessPolicy(): BusinessPolicy {
  const current = env();
  return {
    allowedModels: offeredModels().map((choice) => choice.id),
    minMessageCost: current.MIN_MESSAGE_COST,
    // Sign-up credits are a grant: bounded like one, and never a balance above the cap.
    maxInitialCredits: Math.min(current.MAX_CREDIT_GRANT, current.MAX_CREDIT_BALANCE),
  };
}

function settingsOf(business: Business): BusinessSettings {
  return {
    botName: business.botName,
    botColor: business.botColor,
    greeting: business.greeting,
    instructions: business.instructions,
    model: parseModelId(business.model).id,
    messageCost: business.messageCost,
    initialCredits: business.initialCredits,
    sessionTimeoutMinutes: business.sessionTimeoutMinutes,
    endUserDailyMessages: business.endUserDailyMessages,
    requireVerifiedIdentity: business.requireVerifiedIdentity,
    botIcon: business.botIcon,
    fileRetentionDays: business.fileRetentionDays,
    synonyms: business.synonyms,
  };
}

function toView(business: Business): BusinessView {
  return { id: business.id, name: business.name, slug: business.slug, shopListed: business.shopListed, settings: settingsOf(business), policy: businessPolicy() };
}

function toPublicView(business: Business): PublicBusinessView {
  const settings = settingsOf(business);
  return {
    id: business.id,
    name: business.name,
    slug: business.slug,
    shopListed: business.shopListed,
    settings: Object.fromEntries(PUBLIC_SETTINGS_KEYS.map((key) => [key, settings[key]])) as PublicBusinessView["settings"],
  };
}

/**
 * Any signed-in member reads their own business: an admin (`settings:manage`) every setting and the
 * operator's policy; everyone else only what the chat shows (name, botName, botColor, greeting),
 * since instructions, model and credit policy are the business's internals. Throws 404.
 */
export async function getBusiness(actor: Actor): Promise<BusinessView | PublicBusinessView> {
  const business = await getBusinessById(getDb(), { businessId: actor.businessId });
  if (!business) throw notFound("Business");
  return can(actor.role, "settings:manage") ? toView(business) : toPublicView(business);
}

type Editable = keyof BusinessSettings | "name" | "slug" | "shopListed";
type EditableValues = Partial<BusinessSettings & { name: string; slug: string; shopListed: boolean }>;
type Value = string | number | boolean | null | string[][];

/**
 * The operator's bounds on the values being changed, as 400 field errors. A value left as it is
 * passes, so a business saved before the operator narrowed a bound can still edit other fields;
 * the chat turn applies the bounds to what it reads anyway (model and minimum cost).
 */
function policyViolations(changes: Partial<Record<Editable, Value>>): FieldErrors {
  const policy = businessPolicy();
  const fields: FieldErrors = {};
  if (changes.model !== undefined && !policy.allowedModels.includes(String(changes.model))) {
    fields["settings.model"] = [
      policy.allowedModels.length
        ? `Model must be one of: ${policy.allowedModels.join(", ")}.`
        : "No model provider is configured on this server; the built-in assistant answers.",
    ];
  }
  if (changes.messageCost !== undefined && Number(changes.messageCost) < policy.minMessageCost) {
    fields["settings.messageCost"] = [`Message cost must be at least ${formatCount(policy.minMessageCost)}.`];
  }
  if (changes.initialCredits !== undefined && Number(changes.initialCredits) > policy.maxInitialCredits) {
    fields["settings.initialCredits"] = [`Initial credits must be at most ${formatCount(policy.maxInitialCredits)}.`];
  }
  return fields;
}

/**
 * settings:manage. Updates the name, the storefront (slug, directory listing) and/or assistant settings
 * within the operator's policy; the next chat message reads the new values. Audited with the changed
 * fields' before and after values. Throws 400 (a model not allowed, a cost below the minimum, initial
 * credits above the cap), 403 (also when demoted meanwhile: the role is read again under the business's lock),
 * 404, 409 conflict (the slug is another business's).
 */
export async function updateBusiness(actor: Actor, input: UpdateBusinessInput, ctx: RequestContext = {}): Promise<BusinessView> {
  assertCan(actor, "settings:manage");
  try {
    return await saveBusiness(actor, input, ctx);
  } catch (error) {
    // The unique index on slug is the arbiter: two businesses claiming one address at once cannot both win.
    if (isUniqueViolation(error)) {
      throw new AppError("conflict", "Another business already uses that storefront address.", {
        fields: { slug: ["This address is taken; choose another."] },
      });
    }
    throw error;
  }
}

function saveBusiness(actor: Actor, input: UpdateBusinessInput, ctx: RequestContext): Promise<BusinessView> {
  return transaction(async (tx) => {
    const current = await getBusinessForUpdate(tx, { businessId: actor.businessId });
    if (!current) throw notFound("Business");
    // The row lock waits for a demotion in progress (it holds the business's lock): an admin demoted or
    // deactivated while this request was on its way changes nothing (403), such as turning identity checks off.
    await assertStillMay(tx, actor, "settings:manage");
    const requested: Partial<Record<Editable, Value>> = { ...input.settings };
    // A bare model name (as clients sent before models named their provider) is an OpenAI one.
    if (input.settings?.model !== undefined) requested.model = parseModelId(input.settings.model).id;
    if (input.name !== undefined) requested.name = input.name;
    if (input.slug !== undefined) requested.slug = input.slug;
    if (input.shopListed !== undefined) requested.shopListed = input.shopListed;

    const before: Partial<Record<Editable, Value>> = {};
    const after: Partial<Record<Editable, Value>> = {};
    for (const key of ["name", "slug", "shopListed", ...SETTINGS_KEYS] as Editable[]) {
      const next = requested[key];
      // Synonym groups are lists: compared by content, so saving the form unchanged changes nothing.
      if (next !== undefined && JSON.stringify(next) !== JSON.stringify(current[key])) {
        before[key] = current[key];
        after[key] = next;
      }
    }
    const violations = policyViolations(after);
    if (Object.keys(violations).length > 0) {
      throw new AppError("invalid_request", "The request is invalid.", { fields: violations });
    }
    if (Object.keys(after).length === 0) return toView(current);

    const updated = await updateBusinessRow(tx, { businessId: actor.businessId, values: after as EditableValues });
    await announceBusinessChange(tx, actor.businessId);
    // Public catalog answers name the business and its storefront address, and list only listed shops.
    if (after.name !== undefined || after.slug !== undefined || after.shopListed !== undefined) await announceCatalogChange(tx, actor.businessId);
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

/**
 * apikeys:manage. The secret that signs end-user identifiers (userHash = hex HMAC-SHA256(secret,
 * userIdentifier)); like a secret API key, it is for the business's servers only. Throws 403, 404.
 */
export async function getIdentitySecret(actor: Actor): Promise<IdentitySecretView> {
  assertCan(actor, "apikeys:manage");
  const secret = await getIdentitySecretRow(getDb(), { businessId: actor.businessId });
  if (secret === null) throw notFound("Business");
  return { secret };
}

/**
 * apikeys:manage. Replaces the identity secret with 256 fresh random bits: every userHash made with
 * the old one stops verifying at once. Audited without the secret. Throws 403, 404.
 */
export async function rotateIdentitySecret(actor: Actor, ctx: RequestContext = {}): Promise<IdentitySecretView> {
  assertCan(actor, "apikeys:manage");
  const secret = randomBytes(32).toString("hex");
  return transaction(async (tx) => {
    // As for a secret API key: the new secret lets its holder vouch for any end user, so an admin demoted
    // or deactivated while this request was on its way leaves without it (and the old one stays).
    await lockBusiness(tx, { businessId: actor.businessId });
    await assertStillMay(tx, actor, "apikeys:manage");
    if (!(await setIdentitySecret(tx, { businessId: actor.businessId, secret }))) throw notFound("Business");
    await announceBusinessChange(tx, actor.businessId);
    await recordAudit(tx, {
      actor,
      action: "business.identity_secret_rotate",
      entityType: "business",
      entityId: actor.businessId,
      requestId: ctx.requestId,
    });
    return { secret };
  });
}
