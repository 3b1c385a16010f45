import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { expect } from "vitest";
import * as businessRoute from "@/app/api/business/route";
import * as creditsRoute from "@/app/api/business/credits/route";
import * as chatRoute from "@/app/api/chat/route";
import * as invitesRoute from "@/app/api/invites/route";
import * as loginRoute from "@/app/api/auth/login/route";
import * as purchasesRoute from "@/app/api/purchases/route";
import * as sessionsRoute from "@/app/api/chat/sessions/route";
import * as widgetSessionsRoute from "@/app/api/widget/sessions/route";
import * as sessionFilesRoute from "@/app/api/chat/sessions/[id]/files/route";
import * as messageFeedbackRoute from "@/app/api/chat/messages/[id]/feedback/route";
import { getDb } from "@/db/client";
import { emailChanges, type Role } from "@/db/schema";
import { digest } from "@/lib/auth/tokens";
import { TEST_PASSWORD, createApiKey, createProduct, createTeam } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";

/**
 * Two businesses for tenant-isolation tests: A (the victim) with data of every kind, B (the
 * attacker) with a token for every role. Everything of A is made through the routes where it can
 * be, so the rows look exactly like production rows.
 */

export type Caller = "anonymous" | Role;
export const CALLERS: Caller[] = ["anonymous", "admin", "editor", "approver", "viewer"];

type Team = Awaited<ReturnType<typeof createTeam>>;
type Product = Awaited<ReturnType<typeof createProduct>>;

export type Victim = Team & {
  tokens: Record<Role, string>;
  products: { draft: Product; pending: Product; rejected: Product; approved: Product };
  refreshToken: string;
  sessionId: string;
  messageIds: string[];
  purchaseId: string;
  inviteCode: string;
  inviteId: string;
  /** Strings of A that no one outside A may ever see in any answer. */
  privateMarkers: string[];
  /** Strings of A that the public catalog and storefront show by design (approved products, their business's id, name and slug). */
  publicMarkers: string[];
  /** A's user ids: never shown to anyone outside A (the public catalog carries no staff ids). */
  userIds: string[];
  /** A's keys, an end user's API conversation and a widget visitor's conversation. */
  keys: { secret: string; publishable: string };
  apiSessionId: string;
  widgetSessionId: string;
  /** A file attached to the viewer's conversation. */
  fileId: string;
  /** The link token of the editor's pending email change. */
  emailChangeToken: string;
};

export type Attacker = Team & {
  tokens: Record<Role, string>;
  approvedProduct: Product;
  /** A chat session of B's viewer, for requests that pair B's session with A's product. */
  sessionId: string;
  keys: { secret: string; publishable: string };
  /** A widget visitor of B. */
  visitorToken: string;
};

async function tokensOf(team: Team): Promise<Record<Role, string>> {
  const [admin, editor, approver, viewer] = await Promise.all([
    tokenFor(team.admin),
    tokenFor(team.editor),
    tokenFor(team.approver),
    tokenFor(team.viewer),
  ]);
  return { admin: admin!, editor: editor!, approver: approver!, viewer: viewer! };
}

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

function ok(response: { status: number; text: string }, expected: number, what: string) {
  if (response.status !== expected) throw new Error(`${what}: expected ${expected}, got ${response.status} ${response.text}`);
}

/** Business A with products in every status, a chat turn, a purchase, a grant, settings, an invite and a refresh token. */
export async function createVictim(): Promise<Victim> {
  const team = await createTeam();
  const tokens = await tokensOf(team);
  const marker = `victim-${randomUUID().slice(0, 8)}`;
  const businessId = team.business.id;
  const createdBy = team.editor.id;
  const products = {
    draft: await createProduct({ businessId, createdBy, status: "draft", name: `${marker} draft lamp`, sku: `${marker}-d` }),
    pending: await createProduct({ businessId, createdBy, status: "pending_approval", name: `${marker} pending lamp` }),
    rejected: await createProduct({
      businessId,
      createdBy,
      status: "rejected",
      name: `${marker} rejected lamp`,
      rejectionReason: `${marker} reason`,
    }),
    approved: await createProduct({
      businessId,
      createdBy,
      approvedBy: team.approver.id,
      status: "approved",
      name: `${marker} approved lamp`,
      stock: 50,
    }),
  };

  const login = await callRoute(loginRoute.POST, { body: { email: team.viewer.email, password: TEST_PASSWORD } });
  ok(login, 200, "victim login");

  const chat = await callRoute(chatRoute.POST, { token: tokens.viewer, body: { message: `${marker} lamp please` } });
  ok(chat, 200, "victim chat turn");
  const sessionId = chat.body.sessionId as string;
  // A question the catalog cannot answer (an unanswered question of A), rated 👎 with a reason.
  const unanswered = `Do you sell submarines sub${randomUUID().slice(0, 8)}?`;
  const gap = await callRoute(chatRoute.POST, { token: tokens.viewer, body: { message: unanswered, sessionId } });
  ok(gap, 200, "victim unanswered question");
  ok(
    await callRoute(messageFeedbackRoute.POST, { token: tokens.viewer, params: { id: gap.body.message.id }, body: { rating: "down", reason: `${marker} feedback reason` } }),
    200,
    "victim rating",
  );

  const purchase = await callRoute(purchasesRoute.POST, {
    token: tokens.viewer,
    headers: { "idempotency-key": `${marker}-buy` },
    body: { productId: products.approved.id, expectedUnitPrice: products.approved.price, quantity: 1, sessionId },
  });
  ok(purchase, 201, "victim purchase");

  ok(
    await callRoute(creditsRoute.POST, { token: tokens.admin, body: { userId: team.viewer.id, amount: 7, reason: `${marker} grant` } }),
    201,
    "victim credit grant",
  );
  ok(
    await callRoute(businessRoute.PATCH, { token: tokens.admin, method: "PATCH", body: { settings: { instructions: `${marker} instructions` } } }),
    200,
    "victim settings",
  );
  const invite = await callRoute(invitesRoute.POST, { token: tokens.admin, body: { role: "editor" } });
  ok(invite, 201, "victim invite");

  const keys = await keysOf(businessId);
  const apiSession = await callRoute(sessionsRoute.POST, {
    headers: { "x-api-key": keys.secret },
    body: { title: `${marker} api chat`, userIdentifier: `${marker}-shopper@example.com`, config: { customInstructions: `${marker} custom` } },
  });
  ok(apiSession, 201, "victim API session");
  const visitor = await callRoute(widgetSessionsRoute.POST, { headers: { "x-api-key": keys.publishable }, body: { anonymousId: `${marker}-visitor-id` } });
  ok(visitor, 201, "victim widget visitor");
  const widgetSession = await callRoute(sessionsRoute.POST, { token: visitor.body.token, body: { title: `${marker} widget chat` } });
  ok(widgetSession, 201, "victim widget session");
  const form = new FormData();
  form.append("file", new File([`name,note\n${marker} row,${marker} cell\n`], `${marker}-prices.csv`, { type: "text/csv" }));
  const file = await callRoute(sessionFilesRoute.POST, { method: "POST", token: tokens.viewer, params: { id: sessionId }, rawBody: form });
  ok(file, 201, "victim file");

  const db = getDb();
  // The editor asked to move to another address: only they may see, resend or cancel it, only its link applies it.
  const emailChangeToken = `${marker}-email-change-token`;
  const pendingEmail = `${marker}-pending@example.test`;
  await db.insert(emailChanges).values({ userId: team.editor.id, newEmail: pendingEmail, tokenHash: digest(emailChangeToken), expiresAt: sql`now() + interval '1 day'` });
  const ids = async (query: ReturnType<typeof sql>) => rowsOf<{ value: string }>(await db.execute(query)).map((row) => String(row.value));
  const messageIds = await ids(sql`select id::text as value from chat_messages where business_id = ${businessId}`);
  const privateMarkers = [
    ...[products.draft, products.pending, products.rejected].map((product) => product.name),
    `${marker}-d`,
    `${marker} reason`,
    `${marker} lamp please`,
    unanswered,
    `${marker} feedback reason`,
    `${marker} grant`,
    `${marker} instructions`,
    team.business.identitySecret,
    keys.secret,
    keys.publishable,
    `${marker}-shopper@example.com`,
    `${marker} custom`,
    `${marker}-visitor-id`,
    `${marker}-prices`,
    `${marker} cell`,
    file.body.file.id as string,
    ...(await ids(sql`select id::text as value from end_users where business_id = ${businessId}`)),
    ...(await ids(sql`select id::text as value from api_keys where business_id = ${businessId}`)),
    login.body.refresh as string,
    invite.body.inviteCode as string,
    pendingEmail,
    emailChangeToken,
    ...[team.admin, team.editor, team.approver, team.viewer].map((user) => user.email),
    ...[products.draft, products.pending, products.rejected].map((product) => product.id),
    ...messageIds,
    ...(await ids(sql`select id::text as value from chat_sessions where business_id = ${businessId}`)),
    ...(await ids(sql`select title as value from chat_sessions where business_id = ${businessId}`)),
    ...(await ids(sql`select id::text as value from purchases where business_id = ${businessId}`)),
    ...(await ids(sql`select id::text as value from credit_transactions where business_id = ${businessId}`)),
    ...(await ids(sql`select id::text as value from audit_log where business_id = ${businessId}`)),
    ...(await ids(sql`select id::text as value from invites where business_id = ${businessId}`)),
  ];
  return {
    ...team,
    tokens,
    products,
    refreshToken: login.body.refresh as string,
    sessionId,
    messageIds,
    purchaseId: purchase.body.id as string,
    inviteCode: invite.body.inviteCode as string,
    inviteId: invite.body.id as string,
    privateMarkers,
    // A storefront names its business and lives at /shop/<slug>, so both are public like its live products.
    publicMarkers: [businessId, team.business.name, team.business.slug, products.approved.id, products.approved.name],
    userIds: [team.admin.id, team.editor.id, team.approver.id, team.viewer.id],
    keys,
    apiSessionId: apiSession.body.id as string,
    widgetSessionId: widgetSession.body.id as string,
    fileId: file.body.file.id as string,
    emailChangeToken,
  };
}

async function keysOf(businessId: string) {
  const secret = await createApiKey({ businessId, kind: "secret", scopes: ["chat", "stats"] });
  const publishable = await createApiKey({ businessId, kind: "publishable" });
  return { secret: secret.key, publishable: publishable.key };
}

/** Business B: one user of every role with a token, its own approved product and chat session. */
export async function createAttacker(): Promise<Attacker> {
  const team = await createTeam();
  const tokens = await tokensOf(team);
  const approvedProduct = await createProduct({ businessId: team.business.id, createdBy: team.editor.id, status: "approved", stock: 50 });
  const session = await callRoute(chatRoute.POST, { token: tokens.viewer, body: { message: "hello" } });
  ok(session, 200, "attacker chat turn");
  const keys = await keysOf(team.business.id);
  const visitor = await callRoute(widgetSessionsRoute.POST, { headers: { "x-api-key": keys.publishable }, body: {} });
  ok(visitor, 201, "attacker widget visitor");
  return { ...team, tokens, approvedProduct, sessionId: session.body.sessionId as string, keys, visitorToken: visitor.body.token as string };
}

/**
 * Every row of business A in every table that holds tenant data (refresh tokens through A's users),
 * as one digest per table: equal before and after means nothing of A was written.
 */
export async function fingerprintOf(businessId: string): Promise<Record<string, string>> {
  const db = getDb();
  const tables: Record<string, ReturnType<typeof sql>> = {
    businesses: sql`select t::text as row from businesses t where id = ${businessId}`,
    users: sql`select t::text as row from users t where business_id = ${businessId}`,
    refresh_tokens: sql`select t::text as row from refresh_tokens t join users u on u.id = t.user_id where u.business_id = ${businessId}`,
    password_reset_tokens: sql`select t::text as row from password_reset_tokens t join users u on u.id = t.user_id where u.business_id = ${businessId}`,
    email_changes: sql`select t::text as row from email_changes t join users u on u.id = t.user_id where u.business_id = ${businessId}`,
    ended_browser_sessions: sql`select t::text as row from ended_browser_sessions t join users u on u.id = t.user_id where u.business_id = ${businessId}`,
    invites: sql`select t::text as row from invites t where business_id = ${businessId}`,
    products: sql`select t::text as row from products t where business_id = ${businessId}`,
    product_categories: sql`select t::text as row from product_categories t where business_id = ${businessId}`,
    product_revisions: sql`select t::text as row from product_revisions t where business_id = ${businessId}`,
    product_images: sql`select t::text as row from product_images t where business_id = ${businessId}`,
    image_blobs: sql`select concat_ws(' ', b.image_id, b.width, b.etag) as row from image_blobs b join product_images i on i.id = b.image_id where i.business_id = ${businessId}`,
    chat_sessions: sql`select t::text as row from chat_sessions t where business_id = ${businessId}`,
    chat_messages: sql`select t::text as row from chat_messages t where business_id = ${businessId}`,
    chat_message_feedback: sql`select t::text as row from chat_message_feedback t where business_id = ${businessId}`,
    purchases: sql`select t::text as row from purchases t where business_id = ${businessId}`,
    idempotency_keys: sql`select t::text as row from idempotency_keys t where business_id = ${businessId}`,
    credit_transactions: sql`select t::text as row from credit_transactions t where business_id = ${businessId}`,
    audit_log: sql`select t::text as row from audit_log t where business_id = ${businessId}`,
    api_keys: sql`select t::text as row from api_keys t where business_id = ${businessId}`,
    end_users: sql`select t::text as row from end_users t where business_id = ${businessId}`,
    chat_files: sql`select t::text as row from chat_files t where business_id = ${businessId}`,
    chat_file_columns: sql`select t::text as row from chat_file_columns t where business_id = ${businessId}`,
  };
  const digest: Record<string, string> = {};
  for (const [table, query] of Object.entries(tables)) {
    const rows = rowsOf<{ row: string }>(await db.execute(query)).map((r) => r.row);
    digest[table] = rows.sort().join("\n");
  }
  return digest;
}

type Answer = { status: number; headers: Headers; text: string; body: unknown };

/** The strings of A that `answer` shows (its body and the headers a client reads). */
export function leakedMarkers(answer: Answer, markers: string[]): string[] {
  const visible = [answer.text, answer.headers.get("location") ?? "", answer.headers.get("set-cookie") ?? ""].join("\n");
  return markers.filter((marker) => visible.includes(marker));
}

/** Nothing of A at all: for every answer outside the public catalog. */
export function expectNothingOf(victim: Victim, answer: Answer) {
  expect(leakedMarkers(answer, [...victim.privateMarkers, ...victim.publicMarkers, ...victim.userIds])).toEqual([]);
}

/** Only what the public catalog shows of A (approved products), never its private rows or staff ids. */
export function expectOnlyPublicOf(victim: Victim, answer: Answer) {
  expect(leakedMarkers(answer, [...victim.privateMarkers, ...victim.userIds])).toEqual([]);
}

/**
 * A's row must look exactly like a row that does not exist: same status and error code as for a
 * random id. Either 404, or a 401/403 that the caller gets for any id (authentication or role), so it
 * confirms nothing.
 */
export function expectIndistinguishable(forVictimRow: Answer, forNoRow: Answer) {
  expect({ status: forVictimRow.status, error: (forVictimRow.body as { error?: string } | null)?.error }).toEqual({
    status: forNoRow.status,
    error: (forNoRow.body as { error?: string } | null)?.error,
  });
  expect([401, 403, 404]).toContain(forVictimRow.status);
}
