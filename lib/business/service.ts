import "server-only";
import { getDb } from "../../db/client";
import type { Business } from "../../db/schema";
import { recordAudit } from "../audit/record";
import { assertCan, type Actor } from "../auth/permissions";
import { applyCreditChange } from "../credits/ledger";
import { AppError, notFound } from "../errors";
import {
  getBusinessById,
  getBusinessForUpdate,
  getLedgerEntry,
  getUserInBusiness,
  listLedger,
  updateBusinessRow,
} from "./queries";
import {
  SETTINGS_KEYS,
  type BusinessSettings,
  type BusinessView,
  type GrantCreditsInput,
  type GrantResult,
  type LedgerEntry,
  type LedgerQuery,
  type UpdateBusinessInput,
} from "./schemas";

type RequestMeta = { requestId?: string };

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

/** Any signed-in member reads their own business's settings (the chat needs botName, colour, greeting). */
export async function getBusiness(actor: Actor): Promise<BusinessView> {
  const business = await getBusinessById(getDb(), actor.businessId);
  if (!business) throw notFound("Business");
  return toView(business);
}

type Editable = keyof BusinessSettings | "name";
type EditableValues = Partial<BusinessSettings & { name: string }>;

/**
 * Updates the name and/or assistant settings; the next chat message reads the new values.
 * Needs settings:manage (403). Audited with the changed fields' before and after values.
 */
export async function updateBusiness(actor: Actor, input: UpdateBusinessInput, meta: RequestMeta = {}): Promise<BusinessView> {
  assertCan(actor, "settings:manage");
  return getDb().transaction(async (tx) => {
    const current = await getBusinessForUpdate(tx, actor.businessId);
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
      requestId: meta.requestId,
    });
    return toView(updated);
  });
}

/**
 * Grants credits to (or, with a negative amount, claws them back from) a user of the caller's business.
 * Needs credits:manage (403); another business's user → 404; a claw-back below 0 → 409 conflict.
 */
export async function grantCredits(actor: Actor, input: GrantCreditsInput, meta: RequestMeta = {}): Promise<GrantResult> {
  assertCan(actor, "credits:manage");
  const db = getDb();
  return db.transaction(async (tx) => {
    const target = await getUserInBusiness(tx, { userId: input.userId, businessId: actor.businessId });
    if (!target) throw notFound("User");
    let change: { balance: number; transactionId: string };
    try {
      change = await applyCreditChange(tx, {
        userId: target.id,
        businessId: actor.businessId,
        amount: input.amount,
        kind: "grant",
        reason: input.reason,
        createdBy: actor.id,
      });
    } catch (error) {
      if (error instanceof AppError && error.code === "insufficient_credits") {
        throw new AppError(
          "conflict",
          `Cannot claw back ${Math.abs(input.amount)} credits: ${target.name} has ${target.credits}, and a balance never goes below 0.`,
          { cause: error },
        );
      }
      throw error;
    }
    await recordAudit(tx, {
      actor,
      action: "credits.grant",
      entityType: "user",
      entityId: target.id,
      summary: {
        userName: target.name,
        amount: input.amount,
        reason: input.reason,
        balanceBefore: change.balance - input.amount,
        balanceAfter: change.balance,
        transactionId: change.transactionId,
      },
      requestId: meta.requestId,
    });
    const transaction = await getLedgerEntry(tx, { id: change.transactionId, businessId: actor.businessId });
    return { transaction: transaction!, balance: change.balance };
  });
}

/** One user's credit ledger, newest first. Needs credits:manage (403); another business's user → 404. */
export async function listUserLedger(actor: Actor, query: LedgerQuery): Promise<{ count: number; results: LedgerEntry[] }> {
  assertCan(actor, "credits:manage");
  const db = getDb();
  const target = await getUserInBusiness(db, { userId: query.userId, businessId: actor.businessId });
  if (!target) throw notFound("User");
  const { count, rows } = await listLedger(db, {
    businessId: actor.businessId,
    userId: target.id,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { count, results: rows };
}
