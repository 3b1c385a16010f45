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
  if (typeof value === "number") return value.toLocaleString("en-US");
  if (typeof value === "boolean") return value ? "yes" : "no";
  const text = JSON.stringify(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

function changeLines(before: unknown, after: unknown): string[] {
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys
    .filter((key) => JSON.stringify(b[key]) !== JSON.stringify(a[key]))
    .map((key) => `${labelOf(key)}: ${formatValue(b[key])} → ${formatValue(a[key])}`);
}

function pictureLines(picture: unknown): string[] {
  if (!isRecord(picture)) return [];
  return Object.entries(picture)
    .filter(([, value]) => value !== null && value !== undefined && value !== "")
    .map(([key, value]) => `${labelOf(key)}: ${formatValue(value)}`);
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
  switch (entry.action) {
    case "business.create":
      return { title: `Created the business ${formatValue(s.name)}`, details: [] };
    case "business.update":
      return { title: "Changed the business settings", details: changeLines(s.before, s.after) };
    case "credits.grant": {
      const amount = num(s.amount) ?? 0;
      const who = str(s.userName) ?? "a user";
      const balance = num(s.balanceAfter) ?? num(s.balance);
      const details = [str(s.reason) ? `Reason: ${formatValue(s.reason)}` : null, balance !== null ? `Balance now ${balance.toLocaleString("en-US")}` : null];
      return {
        title:
          amount < 0
            ? `Clawed back ${Math.abs(amount).toLocaleString("en-US")} credits from ${who}`
            : `Granted ${amount.toLocaleString("en-US")} credits to ${who}`,
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
    case "product.import":
      return {
        title: `Imported products from ${formatValue(s.file)}`,
        details: [`${num(s.created) ?? 0} created, ${num(s.failed) ?? 0} failed of ${num(s.rows) ?? 0} rows`],
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
      return { title: `Changed a user's role from ${String(s.from)} to ${String(s.to)}`, details: [] };
    case "user.update":
      return { title: "Updated a user", details: genericLines(s) };
    case "user.deactivate":
      return { title: `Deactivated user ${formatValue(s.email)}`, details: [] };
    case "user.reactivate":
      return { title: `Reactivated user ${formatValue(s.email)}`, details: [] };
    case "invite.create":
      return {
        title: str(s.role) ? `Created an invite for the ${s.role as string} role` : "Created an invite",
        details: str(s.email) ? [`For ${s.email as string}`] : [],
      };
    case "chat.session_delete":
      return { title: "Deleted a conversation", details: [] };
    case "chat.history_clear":
      return { title: "Cleared a conversation's messages", details: num(s.cleared) !== null ? [`${s.cleared as number} messages removed`] : [] };
    default:
      return { title: `${humanize(entry.action)} (${entry.entityType})`, details: genericLines(s) };
  }
}

function statusLine(s: Record<string, unknown>): string[] {
  return str(s.from) && str(s.to) ? [`Status: ${formatValue(s.from)} → ${formatValue(s.to)}`] : [];
}

/** The actions the audit filter offers; anything else can still be typed. */
export const KNOWN_ACTIONS: { value: string; label: string }[] = [
  { value: "business.update", label: "Settings changed" },
  { value: "credits.grant", label: "Credits granted" },
  { value: "product.create", label: "Product created" },
  { value: "product.update", label: "Product edited" },
  { value: "product.submit", label: "Product submitted" },
  { value: "product.approve", label: "Product approved" },
  { value: "product.reject", label: "Product rejected" },
  { value: "product.delete", label: "Product deleted" },
  { value: "product.import", label: "Products imported" },
  { value: "purchase.create", label: "Purchase" },
  { value: "user.create", label: "User added" },
  { value: "user.role_change", label: "Role changed" },
  { value: "user.update", label: "User edited" },
  { value: "user.deactivate", label: "User deactivated" },
  { value: "user.reactivate", label: "User reactivated" },
  { value: "invite.create", label: "Invite created" },
  { value: "business.create", label: "Business created" },
  { value: "chat.session_delete", label: "Conversation deleted" },
  { value: "chat.history_clear", label: "Conversation cleared" },
];

export const KNOWN_ENTITY_TYPES: { value: string; label: string }[] = [
  { value: "business", label: "Business" },
  { value: "user", label: "User" },
  { value: "product", label: "Product" },
  { value: "purchase", label: "Purchase" },
  { value: "invite", label: "Invite" },
  { value: "chat_session", label: "Conversation" },
];
