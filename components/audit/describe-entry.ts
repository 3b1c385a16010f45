import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES, isAuditAction, type AuditAction, type AuditEntityType } from "@/lib/audit/actions";
import { formatCount } from "@/lib/format";
import { formatMoney } from "@/lib/money";

/**
 * Turns an audit entry's machine summary into a sentence and a few "field: before → after" lines.
 * Pure and defensive: summaries are free-form JSON written by many services over time, so an
 * unknown action or shape still reads sensibly instead of breaking the page.
 */
export type DescribableEntry = {
  action: string;
  entityType: string;
  entityId: string | null;
  actorName?: string | null;
  summary: Record<string, unknown>;
};

export type EntryDescription = { title: string; details: string[] };

const FIELD_LABELS: Record<string, string> = {
  name: "Name",
  botName: "Assistant name",
  botColor: "Assistant colour",
  greeting: "Greeting",
  instructions: "Instructions",
  model: "Model",
  messageCost: "Message cost",
  initialCredits: "Initial credits",
  botIcon: "Assistant icon",
  sessionTimeoutMinutes: "Session timeout (minutes)",
  endUserDailyMessages: "Messages per end user per day",
  requireVerifiedIdentity: "Require verified identity",
  fileRetentionDays: "Keep chat files for (days)",
  allowedOrigins: "Allowed origins",
  scopes: "Scopes",
  price: "Price",
  sku: "SKU",
  category: "Category",
  stock: "Stock",
  status: "Status",
  description: "Description",
  role: "Role",
  active: "Active",
  email: "Email",
};

const STATUS_LABELS: Record<string, string> = {
  draft: "draft",
  pending_approval: "pending approval",
  approved: "approved",
  rejected: "rejected",
};

const MAX_VALUE = 80;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export function labelOf(field: string): string {
  if (FIELD_LABELS[field]) return FIELD_LABELS[field];
  const words = field.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/[_.]/g, " ").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === "") return "(empty)";
  if (typeof value === "string") {
    const text = STATUS_LABELS[value] ?? value.replace(/\s+/g, " ");
    return text.length > MAX_VALUE ? `“${text.slice(0, MAX_VALUE - 1)}…”` : `“${text}”`;
  }
  if (typeof value === "number") return formatCount(value);
  if (typeof value === "boolean") return value ? "yes" : "no";
  const text = JSON.stringify(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

// Fields whose values are amounts of money (decimal strings): shown as money, not as quoted text.
const MONEY_FIELDS = new Set(["price", "unitPrice", "total"]);

/** A field's value: money as money, anything else as `formatValue` writes it. */
function formatFieldValue(key: string, value: unknown): string {
  if (MONEY_FIELDS.has(key) && typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value)) return formatMoney(value);
  return formatValue(value);
}

function changeLines(before: unknown, after: unknown): string[] {
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys
    .filter((key) => JSON.stringify(b[key]) !== JSON.stringify(a[key]))
    .map((key) => `${labelOf(key)}: ${formatFieldValue(key, b[key])} → ${formatFieldValue(key, a[key])}`);
}

function pictureLines(picture: unknown): string[] {
  if (!isRecord(picture)) return [];
  return Object.entries(picture)
    .filter(([, value]) => value !== null && value !== undefined && value !== "")
    .map(([key, value]) => `${labelOf(key)}: ${formatFieldValue(key, value)}`);
}

function genericLines(summary: Record<string, unknown>): string[] {
  return Object.entries(summary)
    .filter(([, value]) => value !== null && value !== undefined)
    .map(([key, value]) => {
      if (isRecord(value) && "from" in value && "to" in value) return `${labelOf(key)}: ${formatValue(value.from)} → ${formatValue(value.to)}`;
      return `${labelOf(key)}: ${formatValue(value)}`;
    });
}

const str = (value: unknown): string | null => (typeof value === "string" && value.trim() ? value : null);
const num = (value: unknown): number | null => (typeof value === "number" && Number.isFinite(value) ? value : null);

function productName(summary: Record<string, unknown>): string {
  const name =
    str(summary.name) ??
    (isRecord(summary.after) ? str(summary.after.name) : null) ??
    (isRecord(summary.before) ? str(summary.before.name) : null);
  return name ? `“${name}”` : "a product";
}

function humanize(action: string): string {
  return labelOf(action.replace(".", " "));
}

export function describeEntry(entry: DescribableEntry): EntryDescription {
  const s = isRecord(entry.summary) ? entry.summary : {};
  if (!isAuditAction(entry.action)) return { title: `${humanize(entry.action)} (${entry.entityType})`, details: genericLines(s) };
  return describeAction(entry.action, s);
}

// Exhaustive: a new AuditAction does not compile until it is described here.
function describeAction(action: AuditAction, s: Record<string, unknown>): EntryDescription {
  switch (action) {
    case "business.create":
      return { title: `Created the business ${formatValue(s.name)}`, details: [] };
    case "business.first_run_dismiss":
      return { title: "Dismissed the dashboard's getting-started checklist", details: [] };
    case "business.update":
      return { title: "Changed the business settings", details: changeLines(s.before, s.after) };
    case "credits.grant": {
      const amount = num(s.amount) ?? 0;
      const who = str(s.userName) ?? "a user";
      const balance = num(s.balanceAfter) ?? num(s.balance);
      const details = [str(s.reason) ? `Reason: ${formatValue(s.reason)}` : null, balance !== null ? `Balance now ${formatCount(balance)}` : null];
      return {
        title: amount < 0 ? `Clawed back ${formatCount(Math.abs(amount))} credits from ${who}` : `Granted ${formatCount(amount)} credits to ${who}`,
        details: details.filter((line): line is string => line !== null),
      };
    }
    case "product.create":
      return { title: `Created product ${productName(s)}`, details: pictureLines(s.after ?? { status: s.status }) };
    case "product.update":
      return { title: `Edited product ${productName(s)}`, details: changeLines(s.before, s.after) };
    case "product.submit":
      return { title: `Submitted ${productName(s)} for approval`, details: statusLine(s) };
    case "product.approve":
      return { title: `Approved ${productName(s)}`, details: statusLine(s) };
    case "product.reject":
      return {
        title: `Rejected ${productName(s)}`,
        details: [...statusLine(s), ...(str(s.reason) ? [`Reason: ${formatValue(s.reason)}`] : [])],
      };
    case "product.delete":
      return { title: `Deleted product ${productName(s)}`, details: pictureLines(s.before) };
    case "product.stock_update":
      return { title: `Changed the stock of ${productName(s)}`, details: [`${formatValue(s.before ?? "unlimited")} → ${formatValue(s.after ?? "unlimited")}`] };
    case "product.image_add":
      return { title: `Added an image to ${productName(s)}`, details: imageLines(s, s.alt) };
    case "product.image_update": {
      const before = isRecord(s.before) ? s.before : {};
      const after = isRecord(s.after) ? s.after : {};
      const details = [
        before.alt !== after.alt ? `Alt text: ${formatValue(before.alt || "none")} → ${formatValue(after.alt || "none")}` : null,
        before.position !== after.position && num(before.position) !== null && num(after.position) !== null
          ? `Moved from position ${(before.position as number) + 1} to ${(after.position as number) + 1}`
          : null,
      ].filter((line): line is string => line !== null);
      return { title: `Changed an image of ${productName(s)}`, details: [...details, ...imageLines(s, undefined)] };
    }
    case "product.image_remove":
      return { title: `Removed an image from ${productName(s)}`, details: imageLines(s, s.alt) };
    case "product.import":
      return {
        title: `Imported products from ${formatValue(s.file)}`,
        details: [
          `${num(s.created) ?? 0} created, ${num(s.failed) ?? 0} failed of ${num(s.rows) ?? 0} rows`,
          ...(Array.isArray(s.createdCategories) && s.createdCategories.length > 0
            ? [`New categories (${num(s.createdCategoryCount) ?? s.createdCategories.length}): ${s.createdCategories.map(String).join(", ")}`]
            : []),
        ],
      };
    case "purchase.create":
      return {
        title: `Bought ${num(s.quantity) ?? 1} × ${formatValue(s.productName)}`,
        details: [s.total !== undefined ? `Total: ${String(s.total)}` : null, s.unitPrice !== undefined ? `Unit price: ${String(s.unitPrice)}` : null].filter(
          (line): line is string => line !== null,
        ),
      };
    case "user.create":
      return {
        title: `Added user ${formatValue(s.email)} as ${String(s.role ?? "a member")}`,
        details: str(s.via) ? [`Via: ${s.via as string}`] : [],
      };
    case "user.role_change":
      return { title: `Changed the role of ${str(s.email) ? formatValue(s.email) : "a user"} from ${String(s.from)} to ${String(s.to)}`, details: [] };
    case "user.update": {
      const { email, ...changes } = s;
      return { title: str(email) ? `Updated user ${formatValue(email)}` : "Updated a user", details: genericLines(str(email) ? changes : s) };
    }
    case "user.deactivate":
      return { title: `Deactivated user ${formatValue(s.email)}`, details: [] };
    case "user.reactivate":
      return { title: `Reactivated user ${formatValue(s.email)}`, details: [] };
    case "invite.create":
      return {
        title: str(s.role) ? `Created an invite for the ${s.role as string} role` : "Created an invite",
        details: str(s.email) ? [`For ${s.email as string}`] : [],
      };
    case "invite.revoke": {
      // Not asked for: withdrawn with the demotion or deactivation of the admin who made it, or because its
      // address became a member's (the entry's actor is whoever made that happen, the new member themselves).
      const withdrawn = s.reason === "creator_lost_admin" || s.reason === "address_became_member";
      const email = str(s.email) ? (s.email as string) : null;
      return {
        title: withdrawn ? (email ? `Withdrew the invite for ${email}` : "Withdrew an invite") : email ? `Revoked the invite for ${email}` : "Revoked an invite",
        details: [
          str(s.role) ? `Role: ${s.role as string}` : null,
          s.reason === "creator_lost_admin" ? "Because the admin who made it was demoted or deactivated" : null,
          s.reason === "address_became_member" ? "Because its address became a member's" : null,
        ].filter((line): line is string => line !== null),
      };
    }
    case "invite.resend":
      return { title: `Sent the invite to ${formatValue(s.email)} again`, details: str(s.role) ? [`Role: ${s.role as string}`] : [] };
    case "user.password_change":
      return { title: "Changed their password", details: s.required === true ? ["Replaced a temporary password"] : [] };
    case "user.password_reset":
      return { title: "Reset their password by email", details: [] };
    case "user.profile_update":
      return { title: "Updated their profile", details: genericLines(s) };
    case "chat.session_delete":
      return { title: "Deleted a conversation", details: [] };
    case "chat.history_clear":
      return { title: "Cleared a conversation's messages", details: num(s.cleared) !== null ? [`${s.cleared as number} messages removed`] : [] };
    case "api_key.create":
      return {
        title: `Created the ${String(s.kind ?? "")} API key ${formatValue(s.name)}`.replace("  ", " "),
        details: [str(s.prefix) ? `Key ${s.prefix as string}…` : null, Array.isArray(s.scopes) ? `Scopes: ${(s.scopes as unknown[]).join(", ")}` : null].filter(
          (line): line is string => line !== null,
        ),
      };
    case "api_key.update":
      return { title: `Changed the API key ${formatValue(s.name)}`, details: changeLines(s.before, s.after) };
    case "api_key.revoke":
      return { title: `Revoked the API key ${formatValue(s.name)}`, details: str(s.prefix) ? [`Key ${s.prefix as string}…`] : [] };
    case "chat.file_upload":
      return { title: `Attached the file ${formatValue(s.name)} to a conversation`, details: num(s.rows) !== null ? [`${formatCount(s.rows as number)} rows`] : [] };
    case "chat.file_delete":
      return { title: `Deleted the file ${formatValue(s.name)} from a conversation`, details: [] };
    case "chat.person_request":
      return { title: "Asked for a person in a conversation", details: [] };
    case "chat.person_request_withdraw":
      return { title: "Went back to the assistant instead of waiting for a person", details: [] };
    case "chat.takeover":
      return { title: "Took over a conversation from the assistant", details: [] };
    case "chat.handback":
      return {
        title: s.automatic === true ? "A conversation went back to the assistant after 15 quiet minutes" : "Handed a conversation back to the assistant",
        details: [],
      };
    case "chat.agent_reply":
      return { title: "Replied in a conversation as a person", details: num(s.length) !== null ? [`${formatCount(s.length as number)} characters`] : [] };
    case "business.identity_secret_rotate":
      return { title: "Rotated the identity verification secret", details: [] };
    case "wallet.adjust": {
      const amount = num(s.amount) ?? 0;
      const balance = num(s.balanceAfter);
      const details = [str(s.reason) ? `Reason: ${formatValue(s.reason)}` : null, balance !== null ? `Wallet now ${formatCount(balance)}` : null];
      return {
        title: amount < 0 ? `Took ${formatCount(Math.abs(amount))} credits from the business wallet` : `Added ${formatCount(amount)} credits to the business wallet`,
        details: details.filter((line): line is string => line !== null),
      };
    }
    case "category.create":
      return { title: `Created the category ${formatValue(s.name)}`, details: [] };
    case "category.rename":
      return { title: `Renamed the category ${formatValue(s.from)} to ${formatValue(s.to)}`, details: usesLines(s) };
    case "category.merge":
      return { title: `Merged the category ${formatValue(s.from)} into ${formatValue(s.into)}`, details: usesLines(s) };
    case "category.delete":
      return { title: `Deleted the category ${formatValue(s.name)}`, details: [] };
    default: {
      const undescribed: never = action;
      throw new Error(`No description for the audit action ${String(undescribed)}`);
    }
  }
}

/** How many products (and pending changes) a category change carried along. */
function usesLines(s: Record<string, unknown>): string[] {
  const products = num(s.products);
  const revisions = num(s.revisions);
  return [
    products !== null ? `${formatCount(products)} ${products === 1 ? "product" : "products"}` : null,
    revisions ? `${formatCount(revisions)} ${revisions === 1 ? "revision" : "revisions"}` : null,
  ].filter((line): line is string => line !== null);
}

/** An image change's alt text, and whether it went to the product's pending change rather than the live product. */
function imageLines(s: Record<string, unknown>, alt: unknown): string[] {
  return [
    str(alt) ? `Alt text: ${formatValue(alt)}` : null,
    str(s.revision) ? "In the product's pending change (the live product is unchanged until it is approved)" : null,
  ].filter((line): line is string => line !== null);
}

function statusLine(s: Record<string, unknown>): string[] {
  return str(s.from) && str(s.to) ? [`Status: ${formatValue(s.from)} → ${formatValue(s.to)}`] : [];
}

const ACTION_LABELS: Record<AuditAction, string> = {
  "business.update": "Settings changed",
  "credits.grant": "Credits granted",
  "product.create": "Product created",
  "product.update": "Product edited",
  "product.submit": "Product submitted",
  "product.approve": "Product approved",
  "product.reject": "Product rejected",
  "product.delete": "Product deleted",
  "product.import": "Products imported",
  "product.stock_update": "Stock changed",
  "product.image_add": "Product image added",
  "product.image_update": "Product image changed",
  "product.image_remove": "Product image removed",
  "purchase.create": "Purchase",
  "user.create": "User added",
  "user.role_change": "Role changed",
  "user.update": "User edited",
  "user.deactivate": "User deactivated",
  "user.reactivate": "User reactivated",
  "invite.create": "Invite created",
  "invite.revoke": "Invite revoked",
  "invite.resend": "Invite sent again",
  "user.password_change": "Password changed",
  "user.password_reset": "Password reset",
  "user.profile_update": "Profile updated",
  "business.create": "Business created",
  "chat.session_delete": "Conversation deleted",
  "chat.history_clear": "Conversation cleared",
  "api_key.create": "API key created",
  "api_key.update": "API key changed",
  "api_key.revoke": "API key revoked",
  "business.identity_secret_rotate": "Identity secret rotated",
  "wallet.adjust": "Wallet adjusted",
  "chat.file_upload": "File attached",
  "chat.file_delete": "File deleted",
  "chat.person_request": "Person requested",
  "chat.person_request_withdraw": "Person request withdrawn",
  "chat.takeover": "Conversation taken over",
  "chat.handback": "Conversation handed back",
  "chat.agent_reply": "Reply as a person",
  "category.create": "Category created",
  "category.rename": "Category renamed",
  "category.merge": "Categories merged",
  "category.delete": "Category deleted",
  "business.first_run_dismiss": "Checklist dismissed",
};

const ENTITY_TYPE_LABELS: Record<AuditEntityType, string> = {
  business: "Business",
  user: "User",
  product: "Product",
  purchase: "Purchase",
  invite: "Invite",
  chat_session: "Conversation",
  api_key: "API key",
  chat_file: "Chat file",
  category: "Category",
};

/** The actions the audit filter offers: every action the services record. */
export const KNOWN_ACTIONS: { value: AuditAction; label: string }[] = AUDIT_ACTIONS.map((value) => ({ value, label: ACTION_LABELS[value] }));

export const KNOWN_ENTITY_TYPES: { value: AuditEntityType; label: string }[] = AUDIT_ENTITY_TYPES.map((value) => ({
  value,
  label: ENTITY_TYPE_LABELS[value],
}));
