import { randomUUID } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as unknownPathRoute from "@/app/api/[...path]/route";
import * as auditRoute from "@/app/api/audit/route";
import * as nextAuthRoute from "@/app/api/auth/[...nextauth]/route";
import * as loginRoute from "@/app/api/auth/login/route";
import * as logoutRoute from "@/app/api/auth/logout/route";
import * as meRoute from "@/app/api/auth/me/route";
import * as mintTokenRoute from "@/app/api/auth/mint-token/route";
import * as refreshRoute from "@/app/api/auth/refresh/route";
import * as registerRoute from "@/app/api/auth/register/route";
import * as creditsRoute from "@/app/api/business/credits/route";
import * as businessRoute from "@/app/api/business/route";
import * as balanceRoute from "@/app/api/chat/balance/route";
import * as historyRoute from "@/app/api/chat/history/route";
import * as chatRoute from "@/app/api/chat/route";
import * as sessionRoute from "@/app/api/chat/sessions/[id]/route";
import * as sessionsRoute from "@/app/api/chat/sessions/route";
import * as messageFeedbackRoute from "@/app/api/chat/messages/[id]/feedback/route";
import * as messageEditRoute from "@/app/api/chat/messages/[id]/edit/route";
import * as messageRegenerateRoute from "@/app/api/chat/messages/[id]/regenerate/route";
import * as suggestionsRoute from "@/app/api/chat/suggestions/route";
import * as feedbackRoute from "@/app/api/chat/feedback/route";
import * as unansweredRoute from "@/app/api/chat/unanswered/route";
import * as dashboardRoute from "@/app/api/dashboard/stats/route";
import * as firstRunDismissRoute from "@/app/api/dashboard/first-run/dismiss/route";
import * as healthRoute from "@/app/api/health/route";
import * as describeInviteRoute from "@/app/api/invites/describe/route";
import * as invitesRoute from "@/app/api/invites/route";
import * as inviteRoute from "@/app/api/invites/[id]/route";
import * as inviteResendRoute from "@/app/api/invites/[id]/resend/route";
import * as passwordRoute from "@/app/api/auth/password/route";
import * as forgotPasswordRoute from "@/app/api/auth/password/forgot/route";
import * as resetPasswordRoute from "@/app/api/auth/password/reset/route";
import * as emailChangeRoute from "@/app/api/auth/email/route";
import * as confirmEmailRoute from "@/app/api/auth/email/confirm/route";
import * as approveRoute from "@/app/api/products/[id]/approve/route";
import * as productHistoryRoute from "@/app/api/products/[id]/history/route";
import * as rejectRoute from "@/app/api/products/[id]/reject/route";
import * as productRoute from "@/app/api/products/[id]/route";
import * as submitRoute from "@/app/api/products/[id]/submit/route";
import * as productImagesRoute from "@/app/api/products/[id]/images/route";
import * as productImageRoute from "@/app/api/products/[id]/images/[imageId]/route";
import * as imageRenditionRoute from "@/app/api/products/[id]/images/[imageId]/[width]/route";
import * as importRoute from "@/app/api/products/import/route";
import * as internalRoute from "@/app/api/products/internal/route";
import * as reviewsRoute from "@/app/api/products/reviews/route";
import * as limitsRoute from "@/app/api/products/limits/route";
import * as productsRoute from "@/app/api/products/route";
import * as purchaseRoute from "@/app/api/purchases/[id]/route";
import * as purchasesRoute from "@/app/api/purchases/route";
import * as userRoute from "@/app/api/users/[id]/route";
import * as usersRoute from "@/app/api/users/route";
import * as botConfigRoute from "@/app/api/chat/bot-config/route";
import * as statsByUserRoute from "@/app/api/chat/stats/by-user/route";
import * as statsSummaryRoute from "@/app/api/chat/stats/summary/route";
import * as widgetSessionsRoute from "@/app/api/widget/sessions/route";
import * as eventsRoute from "@/app/api/events/route";
import * as inboxRoute from "@/app/api/inbox/route";
import * as takeoverRoute from "@/app/api/inbox/[sessionId]/takeover/route";
import * as handbackRoute from "@/app/api/inbox/[sessionId]/handback/route";
import * as replyRoute from "@/app/api/inbox/[sessionId]/reply/route";
import * as readRoute from "@/app/api/inbox/[sessionId]/read/route";
import * as typingRoute from "@/app/api/chat/sessions/[id]/typing/route";
import * as handoffRoute from "@/app/api/chat/sessions/[id]/handoff/route";
import * as sessionFilesRoute from "@/app/api/chat/sessions/[id]/files/route";
import * as fileRoute from "@/app/api/chat/files/[fileId]/route";
import * as newConversationFileRoute from "@/app/api/chat/files/route";
import * as fileQueryRoute from "@/app/api/chat/files/[fileId]/query/route";
import * as apiKeysRoute from "@/app/api/api-keys/route";
import * as apiKeyRoute from "@/app/api/api-keys/[id]/route";
import * as identitySecretRoute from "@/app/api/business/identity-secret/route";
import * as walletRoute from "@/app/api/business/wallet/route";
import * as shopsRoute from "@/app/api/shops/route";
import * as shopRoute from "@/app/api/shops/[slug]/route";
import * as shopProductsRoute from "@/app/api/shops/[slug]/products/route";
import * as shopProductRoute from "@/app/api/shops/[slug]/products/[product]/route";
import * as categoriesRoute from "@/app/api/categories/route";
import * as categoryRoute from "@/app/api/categories/[id]/route";
import * as categoryMergeRoute from "@/app/api/categories/[id]/merge/route";
import * as bulkRoute from "@/app/api/products/bulk/route";
import * as exportRoute from "@/app/api/products/export/route";
import * as duplicatesRoute from "@/app/api/products/duplicates/route";
import * as importTemplateRoute from "@/app/api/products/import/template/route";
import { getDb, transaction } from "@/db/client";
import { apiKeys, invites, products, users } from "@/db/schema";
import { resetEnv } from "@/lib/env";
import { applyRevisionImages } from "@/lib/images/service";
import sharp from "sharp";
import {
  CALLERS,
  createAttacker,
  createVictim,
  expectNothingOf,
  expectOnlyPublicOf,
  fingerprintOf,
  type Attacker,
  type Caller,
  type Victim,
} from "@/test/cross-tenant";
import { TEST_PASSWORD, uniqueEmail } from "@/test/factories";
import { publishEvents, sessionEvent } from "@/lib/events/publish";
import { openEventStream } from "@/test/event-stream";
import { callRoute, type CallOptions } from "@/test/http";

// Tenant isolation across every route file: business B (every role, and signed out) aims every
// method at business A's ids and resources. A's rows must look like rows that do not exist (the
// same answer as a random id: 404, or a 401/403 that any id gets), lists never show them, and no
// request changes a row of A. docs/architecture.md §4, docs/api.md (404 never 403).

delete process.env.OPENAI_API_KEY;
resetEnv();

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- route handlers differ only in their params
type Handler = (...args: any[]) => Promise<Response>;
type Answer = Awaited<ReturnType<typeof callRoute>>;
type Probe = { caller: Caller; token: string | null; A: Victim; B: Attacker };
type Case = { callers?: Caller[]; run: (probe: Probe) => Promise<void> };
type RouteCases = { file: string; module: Record<string, unknown>; cases: Partial<Record<Method, Case>> };

let A: Victim;
let B: Attacker;

beforeAll(async () => {
  A = await createVictim();
  B = await createAttacker();
});

/** A's images: one on its draft, one live on its approved product, one pending in that product's open revision. */
let imagesOfA: { draft: string; live: string; pending: string };
let picture: Uint8Array;

function imageUpload() {
  const form = new FormData();
  form.append("file", new File([Buffer.from(picture)], "photo.jpg", { type: "image/jpeg" }));
  form.append("alt", "A photo");
  return form;
}

beforeAll(async () => {
  picture = new Uint8Array(await sharp({ create: { width: 240, height: 160, channels: 3, background: "#aa5522" } }).jpeg().toBuffer());
  const uploadTo = async (productId: string) => {
    const answer = await call(productImagesRoute.POST, { method: "POST", token: A.tokens.editor, params: { id: productId }, rawBody: imageUpload() });
    expect(answer.status).toBe(201);
    return answer.body.image.id as string;
  };
  const draft = await uploadTo(A.products.draft.id);
  // Uploaded to the live product's revision, then made live as an approval would.
  const live = await uploadTo(A.products.approved.id);
  const ref = { productId: A.products.approved.id, businessId: A.business.id };
  await transaction((tx) => applyRevisionImages(tx, { ...ref, images: [{ id: live, alt: "A photo" }] }));
  imagesOfA = { draft, live, pending: await uploadTo(A.products.approved.id) };
});

/** A's category, which its draft uses, and one of B's own (a merge needs two). */
let categoryOfA: { id: string; name: string };
let categoryOfB: { id: string; name: string };

beforeAll(async () => {
  const made = await call(categoriesRoute.POST, { token: A.tokens.editor, body: { name: `${randomUUID().slice(0, 8)} A's own range` } });
  expect(made.status).toBe(201);
  categoryOfA = { id: made.body.id, name: made.body.name };
  await getDb().update(products).set({ category: categoryOfA.name }).where(eq(products.id, A.products.draft.id));
  A.privateMarkers.push(categoryOfA.id, categoryOfA.name);
  const own = await call(categoriesRoute.POST, { token: B.tokens.editor, body: { name: "B's range" } });
  expect(own.status).toBe(201);
  categoryOfB = { id: own.body.id, name: own.body.name };
});

/** The action each of B's roles may take in bulk (the viewer none: 403 whatever the ids). */
const BULK_ACTION: Record<Caller, string> = { admin: "delete", editor: "submit", approver: "approve", viewer: "approve", anonymous: "submit" };

function call(handler: unknown, options: CallOptions<Record<string, unknown>>): Promise<Answer> {
  return callRoute(handler as Handler, options);
}

/**
 * Sends the same request for A's id and for an id that exists nowhere and expects the two answers
 * to be the same text (ids aside): nothing in the answer tells that A's row exists. An admin has
 * every permission, so for an admin the answer is 404.
 */
async function probeId(
  probe: Probe,
  handler: unknown,
  victimId: string,
  options: (id: string) => CallOptions<Record<string, unknown>>,
  { admin = 404 }: { admin?: number } = {},
): Promise<Answer> {
  const noneId = randomUUID();
  const forVictim = await call(handler, { token: probe.token, ...options(victimId) });
  const forNone = await call(handler, { token: probe.token, ...options(noneId) });
  expect({ status: forVictim.status, text: forVictim.text.replaceAll(victimId, "<id>") }).toEqual({
    status: forNone.status,
    text: forNone.text.replaceAll(noneId, "<id>"),
  });
  if (probe.caller === "anonymous") expect(forVictim.status).toBe(401);
  else if (probe.caller === "admin") expect(forVictim.status).toBe(admin);
  if (admin === 404 || probe.caller !== "admin") expect([401, 403, 404]).toContain(forVictim.status);
  return forVictim;
}

function expectStatusByCaller(answer: Answer, caller: Caller, expected: Partial<Record<Caller, number>>) {
  expect({ caller, status: answer.status }).toEqual({ caller, status: expected[caller] ?? 403 });
}

const staff = { admin: 200, editor: 200, approver: 200, viewer: 403, anonymous: 401 };
const adminOnly = { admin: 200, anonymous: 401 };
const signedIn = { admin: 200, editor: 200, approver: 200, viewer: 200, anonymous: 401 };

function csvUpload(text: string) {
  const form = new FormData();
  form.append("file", new File([text], "products.csv", { type: "text/csv" }));
  return form;
}

const ROUTES: RouteCases[] = [
  {
    file: "app/api/[...path]/route.ts",
    module: unknownPathRoute,
    cases: Object.fromEntries(
      (["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const).map((method) => [
        method,
        {
          run: async (probe: Probe) => {
            const answer = await probeId(
              { ...probe, caller: "admin" },
              unknownPathRoute[method],
              probe.A.sessionId,
              (id) => ({ method, path: `/api/sessions/${id}`, params: { path: ["sessions", id] } }),
            );
            expect(answer.body.error).toBe("not_found");
          },
        },
      ]),
    ),
  },
  {
    file: "app/api/audit/route.ts",
    module: auditRoute,
    cases: {
      GET: {
        run: async ({ caller, token, A }) => {
          const all = await call(auditRoute.GET, { token, path: "/api/audit?pageSize=100" });
          expectStatusByCaller(all, caller, adminOnly);
          expectNothingOf(A, all);
          const download = await call(auditRoute.GET, { token, path: "/api/audit?format=csv" });
          expectStatusByCaller(download, caller, adminOnly);
          expectNothingOf(A, download);
          for (const filter of [`entityId=${A.products.draft.id}`, `actorId=${A.admin.id}`, `entityId=${A.purchaseId}`]) {
            const filtered = await call(auditRoute.GET, { token, path: `/api/audit?${filter}` });
            expectStatusByCaller(filtered, caller, adminOnly);
            if (filtered.status === 200) expect(filtered.body).toMatchObject({ count: 0, results: [] });
          }
        },
      },
    },
  },
  {
    file: "app/api/auth/[...nextauth]/route.ts",
    module: nextAuthRoute,
    // next-auth's own actions (session, csrf, callback…) call cookies(), which needs the request scope
    // of a running Next server: the browser journeys (e2e/auth.spec.ts) sign in through them. Here:
    // every other path under /api/auth is a 404 that tells nothing, A's ids included.
    cases: Object.fromEntries(
      (["GET", "POST"] as const).map((method) => [
        method,
        {
          run: async (probe: Probe) => {
            const answer = await probeId({ ...probe, caller: "admin" }, nextAuthRoute[method], probe.A.viewer.id, (id) => ({
              method,
              path: `/api/auth/${id}`,
              params: { nextauth: [id] },
            }));
            expect(answer.body.error).toBe("not_found");
          },
        },
      ]),
    ),
  },
  {
    file: "app/api/auth/login/route.ts",
    module: loginRoute,
    cases: {
      POST: {
        callers: ["anonymous"],
        run: async ({ A }) => {
          const answer = await call(loginRoute.POST, { body: { email: A.viewer.email, password: "not the password" } });
          expect(answer.status).toBe(401);
          expectNothingOf(A, answer);
        },
      },
    },
  },
  {
    file: "app/api/auth/logout/route.ts",
    module: logoutRoute,
    cases: {
      POST: {
        run: async ({ token, A }) => {
          // Refresh tokens are opaque: one B does not hold revokes nothing of A (the fingerprint checks).
          const answer = await call(logoutRoute.POST, { token, body: { refresh: `${A.viewer.id}.${"x".repeat(43)}` } });
          expect(answer.status).toBeLessThan(500);
          expectNothingOf(A, answer);
        },
      },
    },
  },
  {
    file: "app/api/auth/me/route.ts",
    module: meRoute,
    cases: {
      GET: {
        run: async ({ caller, token, A, B }) => {
          const answer = await call(meRoute.GET, { token });
          expectStatusByCaller(answer, caller, signedIn);
          if (answer.status === 200) expect(answer.body.user.business.id).toBe(B.business.id);
          expectNothingOf(A, answer);
        },
      },
      PATCH: {
        run: async ({ caller, token, A }) => {
          // Taking A's viewer's address is refused in the words any taken address gets.
          const answer = await call(meRoute.PATCH, { token, body: { email: A.viewer.email, currentPassword: TEST_PASSWORD } });
          expect(answer.status).toBe(caller === "anonymous" ? 401 : 409);
          expectNothingOf(A, answer);
        },
      },
    },
  },
  {
    file: "app/api/auth/password/route.ts",
    module: passwordRoute,
    cases: {
      POST: {
        run: async ({ caller, token, A }) => {
          // Only the caller's own password is ever checked or changed; A's accounts are not reachable.
          const answer = await call(passwordRoute.POST, { token, body: { currentPassword: "not the password", newPassword: "a brand new password" } });
          expect(answer.status).toBe(caller === "anonymous" ? 401 : 400);
          expectNothingOf(A, answer);
        },
      },
    },
  },
  {
    file: "app/api/auth/password/forgot/route.ts",
    module: forgotPasswordRoute,
    cases: {
      POST: {
        callers: ["anonymous"],
        run: async ({ A }) => {
          // Anyone may ask for a reset of any address (A's too, by design); the answer is the same for all and says nothing.
          const answer = await call(forgotPasswordRoute.POST, { body: { email: `nobody-${randomUUID()}@example.test` } });
          expect(answer.status).toBe(202);
          expectNothingOf(A, answer);
        },
      },
    },
  },
  {
    file: "app/api/invites/describe/route.ts",
    module: describeInviteRoute,
    cases: {
      POST: {
        callers: ["anonymous"],
        run: async ({ A }) => {
          // A code describes only its own invite: a guess is a 404 that says nothing of A.
          const answer = await call(describeInviteRoute.POST, { body: { inviteCode: randomUUID() } });
          expect(answer.status).toBe(404);
          expectNothingOf(A, answer);
        },
      },
    },
  },
  {
    file: "app/api/auth/password/reset/route.ts",
    module: resetPasswordRoute,
    cases: {
      POST: {
        callers: ["anonymous"],
        run: async ({ A }) => {
          // A's refresh token and invite code are not reset tokens.
          for (const token of [A.refreshToken, A.inviteCode]) {
            const answer = await call(resetPasswordRoute.POST, { body: { token, password: "taken over at last" } });
            expect(answer.status).toBe(400);
            expectNothingOf(A, answer);
          }
        },
      },
    },
  },
  {
    file: "app/api/auth/email/route.ts",
    module: emailChangeRoute,
    cases: {
      POST: {
        run: async ({ caller, token, A }) => {
          // Only the caller's own pending change is resent: B has none, and A's editor's is not reachable.
          const answer = await call(emailChangeRoute.POST, { token });
          expect(answer.status).toBe(caller === "anonymous" ? 401 : 404);
          expectNothingOf(A, answer);
        },
      },
      DELETE: {
        run: async ({ caller, token, A }) => {
          // Cancels the caller's own pending change only; A's editor's stays (the fingerprint holds it).
          const answer = await call(emailChangeRoute.DELETE, { token });
          expect(answer.status).toBe(caller === "anonymous" ? 401 : 204);
          expectNothingOf(A, answer);
        },
      },
    },
  },
  {
    file: "app/api/auth/email/confirm/route.ts",
    module: confirmEmailRoute,
    cases: {
      POST: {
        callers: ["anonymous"],
        run: async ({ A }) => {
          // A's refresh token and invite code are not email-change links, and a guess is not A's.
          for (const token of [A.refreshToken, A.inviteCode, randomUUID()]) {
            const answer = await call(confirmEmailRoute.POST, { body: { token } });
            expect(answer.status).toBe(400);
            expectNothingOf(A, answer);
          }
        },
      },
    },
  },
  {
    file: "app/api/auth/mint-token/route.ts",
    module: mintTokenRoute,
    cases: {
      GET: {
        run: async ({ token, A }) => {
          // Only a browser session cookie mints tokens; a bearer token of B mints nothing, of A or anyone.
          const answer = await call(mintTokenRoute.GET, { token });
          expect(answer.status).toBe(401);
          expectNothingOf(A, answer);
        },
      },
    },
  },
  {
    file: "app/api/auth/refresh/route.ts",
    module: refreshRoute,
    cases: {
      POST: {
        run: async ({ token, A }) => {
          const answer = await call(refreshRoute.POST, { token, body: { refresh: `${A.viewer.id}.${"x".repeat(43)}` } });
          expect(answer.status).toBe(401);
          expectNothingOf(A, answer);
        },
      },
    },
  },
  {
    file: "app/api/auth/register/route.ts",
    module: registerRoute,
    cases: {
      POST: {
        callers: ["anonymous"],
        run: async ({ A, B }) => {
          // Joining by B's invite lands in B; a new business is a new business: neither reaches A.
          const invite = await call(invitesRoute.POST, { token: B.tokens.admin, body: { role: "viewer" } });
          expect(invite.status).toBe(201);
          const email = uniqueEmail("joiner");
          const joined = await call(registerRoute.POST, {
            body: { email, password: TEST_PASSWORD, name: "Joiner", inviteCode: invite.body.inviteCode },
          });
          expect(joined.status).toBe(201);
          expectNothingOf(A, joined);
          const [row] = await getDb().select({ businessId: users.businessId }).from(users).where(eq(users.email, email));
          expect(row!.businessId).toBe(B.business.id);

          const founded = await call(registerRoute.POST, {
            body: { email: uniqueEmail("founder"), password: TEST_PASSWORD, name: "Founder", businessName: "Another shop" },
          });
          expect(founded.status).toBe(201);
          expectNothingOf(A, founded);
        },
      },
    },
  },
  {
    file: "app/api/business/credits/route.ts",
    module: creditsRoute,
    cases: {
      GET: {
        run: (probe) => probeId(probe, creditsRoute.GET, probe.A.viewer.id, (id) => ({ path: `/api/business/credits?userId=${id}` })).then(() => {}),
      },
      POST: {
        run: (probe) =>
          probeId(probe, creditsRoute.POST, probe.A.viewer.id, (id) => ({ body: { userId: id, amount: 5, reason: "from B" } })).then(() => {}),
      },
    },
  },
  {
    file: "app/api/business/route.ts",
    module: businessRoute,
    cases: {
      GET: {
        run: async ({ caller, token, A, B }) => {
          const answer = await call(businessRoute.GET, { token });
          expectStatusByCaller(answer, caller, signedIn);
          if (answer.status === 200) expect(answer.body.id).toBe(B.business.id);
          expectNothingOf(A, answer);
        },
      },
      PATCH: {
        run: async ({ caller, token, A, B }) => {
          // No id in the path: a business can only ever change itself.
          const answer = await call(businessRoute.PATCH, { token, method: "PATCH", body: { settings: { greeting: `Hello from ${caller}` } } });
          expectStatusByCaller(answer, caller, adminOnly);
          if (answer.status === 200) expect(answer.body.id).toBe(B.business.id);
          expectNothingOf(A, answer);
        },
      },
    },
  },
  {
    file: "app/api/chat/balance/route.ts",
    module: balanceRoute,
    cases: {
      GET: {
        run: async ({ caller, token, A }) => {
          const answer = await call(balanceRoute.GET, { token });
          expectStatusByCaller(answer, caller, signedIn);
          expectNothingOf(A, answer);
        },
      },
    },
  },
  {
    file: "app/api/chat/history/route.ts",
    module: historyRoute,
    cases: {
      GET: {
        run: async (probe) => {
          await probeId(probe, historyRoute.GET, probe.A.sessionId, (id) => ({ path: `/api/chat/history?sessionId=${id}` }));
          // Paging B's own session from A's message: A's message id is as unknown as any other.
          const answer = await probeId(
            probe,
            historyRoute.GET,
            probe.A.messageIds[0]!,
            (id) => ({ path: `/api/chat/history?sessionId=${probe.B.sessionId}&before=${id}` }),
          );
          expectNothingOf(probe.A, answer);
        },
      },
      DELETE: {
        run: (probe) =>
          probeId(probe, historyRoute.DELETE, probe.A.sessionId, (id) => ({ method: "DELETE", path: `/api/chat/history?sessionId=${id}` })).then(
            () => {},
          ),
      },
    },
  },
  {
    file: "app/api/chat/route.ts",
    module: chatRoute,
    cases: {
      POST: {
        run: async (probe) => {
          const answer = await probeId(probe, chatRoute.POST, probe.A.sessionId, (id) => ({ body: { message: "lamp", sessionId: id } }));
          if (probe.caller !== "anonymous") expect(answer.status).toBe(404);
        },
      },
    },
  },
  {
    file: "app/api/chat/sessions/[id]/route.ts",
    module: sessionRoute,
    cases: {
      GET: { run: (probe) => probeId(probe, sessionRoute.GET, probe.A.sessionId, (id) => ({ params: { id } })).then(() => {}) },
      PATCH: {
        run: (probe) =>
          probeId(probe, sessionRoute.PATCH, probe.A.sessionId, (id) => ({ method: "PATCH", params: { id }, body: { title: "Mine now" } })).then(
            () => {},
          ),
      },
      DELETE: {
        run: (probe) => probeId(probe, sessionRoute.DELETE, probe.A.sessionId, (id) => ({ method: "DELETE", params: { id } })).then(() => {}),
      },
    },
  },
  {
    file: "app/api/chat/sessions/route.ts",
    module: sessionsRoute,
    cases: {
      GET: {
        run: async ({ caller, token, A }) => {
          for (const path of ["/api/chat/sessions?pageSize=100", `/api/chat/sessions?q=${encodeURIComponent("submarines lamp")}`]) {
            const answer = await call(sessionsRoute.GET, { token, path });
            expectStatusByCaller(answer, caller, signedIn);
            expectNothingOf(A, answer);
          }
        },
      },
      POST: {
        run: async ({ caller, token, A }) => {
          const answer = await call(sessionsRoute.POST, { token, body: { title: "B's own" } });
          expectStatusByCaller(answer, caller, { ...signedIn, admin: 201, editor: 201, approver: 201, viewer: 201 });
          expectNothingOf(A, answer);
        },
      },
    },
  },
  {
    file: "app/api/dashboard/stats/route.ts",
    module: dashboardRoute,
    cases: {
      GET: {
        run: async ({ caller, token, A }) => {
          const answer = await call(dashboardRoute.GET, { token });
          expectStatusByCaller(answer, caller, adminOnly);
          expectNothingOf(A, answer);
        },
      },
    },
  },
  {
    file: "app/api/dashboard/first-run/dismiss/route.ts",
    module: firstRunDismissRoute,
    cases: {
      POST: {
        run: async ({ caller, token, A }) => {
          const answer = await call(firstRunDismissRoute.POST, { token, method: "POST" });
          expectStatusByCaller(answer, caller, adminOnly);
          expectNothingOf(A, answer);
        },
      },
    },
  },
  {
    file: "app/api/health/route.ts",
    module: healthRoute,
    cases: {
      GET: {
        run: async ({ token, A }) => {
          const answer = await call(healthRoute.GET, { token });
          expect(answer.status).toBe(200);
          expectNothingOf(A, answer);
        },
      },
    },
  },
  {
    file: "app/api/invites/route.ts",
    module: invitesRoute,
    cases: {
      GET: {
        run: async ({ caller, token, A }) => {
          const answer = await call(invitesRoute.GET, { token, path: "/api/invites?pageSize=100" });
          expectStatusByCaller(answer, caller, adminOnly);
          expectNothingOf(A, answer);
          if (answer.status === 200) expect(answer.body.results.map((invite: { id: string }) => invite.id)).not.toContain(A.inviteId);
        },
      },
      POST: {
        run: async ({ caller, token, A, B }) => {
          const answer = await call(invitesRoute.POST, { token, body: { role: "admin" } });
          expectStatusByCaller(answer, caller, { admin: 201, anonymous: 401 });
          expectNothingOf(A, answer);
          // A business id in the body is not a way into A: refused, or ignored.
          const aimed = await call(invitesRoute.POST, { token, body: { role: "admin", businessId: A.business.id } });
          expect([400, 401, 403]).toContain(aimed.status);
          const made = await getDb().select({ businessId: invites.businessId }).from(invites).where(eq(invites.createdBy, B.admin.id));
          expect(made.every((row) => row.businessId === B.business.id)).toBe(true);
        },
      },
    },
  },
  {
    file: "app/api/invites/[id]/route.ts",
    module: inviteRoute,
    cases: {
      DELETE: { run: (probe) => probeId(probe, inviteRoute.DELETE, probe.A.inviteId, (id) => ({ method: "DELETE", params: { id } })).then(() => {}) },
    },
  },
  {
    file: "app/api/invites/[id]/resend/route.ts",
    module: inviteResendRoute,
    cases: {
      POST: { run: (probe) => probeId(probe, inviteResendRoute.POST, probe.A.inviteId, (id) => ({ method: "POST", params: { id } })).then(() => {}) },
    },
  },
  {
    file: "app/api/products/[id]/approve/route.ts",
    module: approveRoute,
    cases: {
      POST: {
        run: (probe) => probeId(probe, approveRoute.POST, probe.A.products.pending.id, (id) => ({ method: "POST", params: { id } })).then(() => {}),
      },
    },
  },
  {
    file: "app/api/products/[id]/history/route.ts",
    module: productHistoryRoute,
    cases: {
      GET: {
        run: async (probe) => {
          // Even an approved (public) product's audit trail belongs to its business alone.
          for (const product of Object.values(probe.A.products)) {
            await probeId(probe, productHistoryRoute.GET, product.id, (id) => ({ params: { id } }));
          }
        },
      },
    },
  },
  {
    file: "app/api/products/[id]/reject/route.ts",
    module: rejectRoute,
    cases: {
      POST: {
        run: (probe) =>
          probeId(probe, rejectRoute.POST, probe.A.products.pending.id, (id) => ({ params: { id }, body: { reason: "Not yours" } })).then(() => {}),
      },
    },
  },
  {
    file: "app/api/products/[id]/route.ts",
    module: productRoute,
    cases: {
      GET: {
        run: async (probe) => {
          const { draft, pending, rejected, approved } = probe.A.products;
          for (const product of [draft, pending, rejected]) {
            const answer = await probeId({ ...probe, caller: "admin" }, productRoute.GET, product.id, (id) => ({ params: { id } }));
            expect(answer.status).toBe(404);
          }
          // An approved product is public: B sees exactly what a signed-out visitor sees, no more.
          const asCaller = await call(productRoute.GET, { token: probe.token, params: { id: approved.id } });
          const asPublic = await call(productRoute.GET, { params: { id: approved.id } });
          expect(asCaller.status).toBe(200);
          expect(asCaller.text).toBe(asPublic.text);
          expectOnlyPublicOf(probe.A, asCaller);
        },
      },
      PATCH: {
        run: async (probe) => {
          for (const product of Object.values(probe.A.products)) {
            await probeId(probe, productRoute.PATCH, product.id, (id) => ({ method: "PATCH", params: { id }, body: { price: "1.00" } }));
          }
        },
      },
      DELETE: {
        run: async (probe) => {
          for (const product of Object.values(probe.A.products)) {
            await probeId(probe, productRoute.DELETE, product.id, (id) => ({ method: "DELETE", params: { id } }));
          }
        },
      },
    },
  },
  {
    file: "app/api/products/[id]/images/route.ts",
    module: productImagesRoute,
    cases: {
      GET: {
        run: async (probe) => {
          for (const product of [probe.A.products.draft, probe.A.products.approved]) {
            expectNothingOf(probe.A, await probeId(probe, productImagesRoute.GET, product.id, (id) => ({ params: { id } })));
          }
        },
      },
      POST: {
        run: async (probe) => {
          for (const product of [probe.A.products.draft, probe.A.products.approved]) {
            await probeId(probe, productImagesRoute.POST, product.id, (id) => ({ method: "POST", params: { id }, rawBody: imageUpload() }));
          }
        },
      },
    },
  },
  {
    file: "app/api/products/[id]/images/[imageId]/route.ts",
    module: productImageRoute,
    cases: Object.fromEntries(
      (["PATCH", "DELETE"] as const).map((method) => [
        method,
        {
          run: async (probe: Probe) => {
            const { draft, approved } = probe.A.products;
            const body = method === "PATCH" ? { body: { alt: "B was here", position: 0 } } : {};
            for (const [productId, imageId] of [
              [draft.id, imagesOfA.draft],
              [approved.id, imagesOfA.live],
              [approved.id, imagesOfA.pending],
            ] as const) {
              await probeId(probe, productImageRoute[method], imageId, (id) => ({ method, params: { id: productId, imageId: id }, ...body }));
              await probeId(probe, productImageRoute[method], productId, (id) => ({ method, params: { id, imageId }, ...body }));
              // B's own product with A's image: as unknown as any image.
              await probeId(probe, productImageRoute[method], imageId, (id) => ({ method, params: { id: probe.B.approvedProduct.id, imageId: id }, ...body }));
            }
          },
        },
      ]),
    ),
  },
  {
    file: "app/api/products/[id]/images/[imageId]/[width]/route.ts",
    module: imageRenditionRoute,
    cases: {
      GET: {
        run: async ({ token, A, B }) => {
          const get = (productId: string, imageId: string) =>
            call(imageRenditionRoute.GET, { token, params: { id: productId, imageId, width: "160" }, path: `/api/products/${productId}/images/${imageId}/160` });
          // A's draft image, A's pending image, and A's live image under B's product: the answer any unknown image gets.
          for (const [productId, imageId] of [
            [A.products.draft.id, imagesOfA.draft],
            [A.products.approved.id, imagesOfA.pending],
            [B.approvedProduct.id, imagesOfA.live],
          ] as const) {
            const noneId = randomUUID();
            const forVictim = await get(productId, imageId);
            const forNone = await get(productId, noneId);
            expect(forVictim.status).toBe(404);
            expect(forVictim.text.replaceAll(imageId, "<id>")).toBe(forNone.text.replaceAll(noneId, "<id>"));
            expectNothingOf(A, forVictim);
          }
          // A's live image is public: B sees exactly what a signed-out visitor sees.
          const asCaller = await get(A.products.approved.id, imagesOfA.live);
          const asPublic = await call(imageRenditionRoute.GET, { params: { id: A.products.approved.id, imageId: imagesOfA.live, width: "160" } });
          expect(asCaller.status).toBe(200);
          expect([asCaller.headers.get("etag"), asCaller.headers.get("cache-control"), asCaller.text]).toEqual([
            asPublic.headers.get("etag"),
            "public, max-age=31536000, immutable",
            asPublic.text,
          ]);
        },
      },
    },
  },
  {
    file: "app/api/products/[id]/submit/route.ts",
    module: submitRoute,
    cases: {
      POST: {
        run: async (probe) => {
          for (const product of [probe.A.products.draft, probe.A.products.rejected]) {
            await probeId(probe, submitRoute.POST, product.id, (id) => ({ method: "POST", params: { id } }));
          }
        },
      },
    },
  },
  {
    file: "app/api/products/import/route.ts",
    module: importRoute,
    cases: {
      POST: {
        run: async ({ caller, token, A, B }) => {
          // A businessId column is not a field: the row lands in B or is refused, never in A.
          const name = `Imported by ${caller} ${randomUUID().slice(0, 8)}`;
          const answer = await call(importRoute.POST, {
            token,
            method: "POST",
            rawBody: csvUpload(`name,description,price,businessId\n${name},Bright,3.00,${A.business.id}\n`),
          });
          expectStatusByCaller(answer, caller, { admin: 200, editor: 200, anonymous: 401 });
          const rows = await getDb().select({ businessId: products.businessId }).from(products).where(eq(products.name, name));
          expect(rows.every((row) => row.businessId === B.business.id)).toBe(true);
          expectNothingOf(A, answer);
        },
      },
    },
  },
  {
    file: "app/api/categories/route.ts",
    module: categoriesRoute,
    cases: {
      GET: {
        run: async ({ caller, token, A }) => {
          const answer = await call(categoriesRoute.GET, { token });
          expectStatusByCaller(answer, caller, staff);
          expectNothingOf(A, answer);
        },
      },
      POST: {
        run: async ({ caller, token, A, B }) => {
          // Names are unique per business: B may use A's name (no 409 telling that A has it), and it lands in B.
          const answer = await call(categoriesRoute.POST, { token, body: { name: categoryOfA.name } });
          expectStatusByCaller(answer, caller, { admin: 201, editor: 201, anonymous: 401 });
          if (answer.status === 201) {
            expect(answer.body.id).not.toBe(categoryOfA.id);
            const listed = await call(categoriesRoute.GET, { token: B.tokens.admin });
            expect(listed.body.results.find((row: { name: string }) => row.name === categoryOfA.name).productCount).toBe(0);
            // Cleaned up in B, so the next caller's attempt is a first one too.
            expect((await call(categoryRoute.DELETE, { token: B.tokens.admin, method: "DELETE", params: { id: answer.body.id } })).status).toBe(204);
          } else {
            expectNothingOf(A, answer);
          }
        },
      },
    },
  },
  {
    file: "app/api/categories/[id]/route.ts",
    module: categoryRoute,
    cases: {
      PATCH: {
        run: (probe) =>
          probeId(probe, categoryRoute.PATCH, categoryOfA.id, (id) => ({ method: "PATCH", params: { id }, body: { name: "Renamed by B" } })).then(() => {}),
      },
      DELETE: { run: (probe) => probeId(probe, categoryRoute.DELETE, categoryOfA.id, (id) => ({ method: "DELETE", params: { id } })).then(() => {}) },
    },
  },
  {
    file: "app/api/categories/[id]/merge/route.ts",
    module: categoryMergeRoute,
    cases: {
      POST: {
        run: async (probe) => {
          // A's category merged into B's, and B's into A's: both read as categories that do not exist.
          await probeId(probe, categoryMergeRoute.POST, categoryOfA.id, (id) => ({ params: { id }, body: { into: categoryOfB.id } }));
          await probeId(probe, categoryMergeRoute.POST, categoryOfA.id, (id) => ({ params: { id: categoryOfB.id }, body: { into: id } }));
        },
      },
    },
  },
  {
    file: "app/api/products/bulk/route.ts",
    module: bulkRoute,
    cases: {
      POST: {
        run: async ({ caller, token, A }) => {
          // Every product of A, in one request: each row answers exactly as an id that exists nowhere.
          const victims = Object.values(A.products).map((product) => product.id);
          const nones = victims.map(() => randomUUID());
          const action = BULK_ACTION[caller];
          const body = (ids: string[]) => ({ action, ids, ...(action === "reject" ? { reason: "B" } : {}) });
          const forVictim = await call(bulkRoute.POST, { token, body: body(victims) });
          const forNone = await call(bulkRoute.POST, { token, body: body(nones) });
          const masked = (answer: Answer, ids: string[]) => ids.reduce((text, id) => text.replaceAll(id, "<id>"), answer.text);
          expect({ status: forVictim.status, text: masked(forVictim, victims) }).toEqual({ status: forNone.status, text: masked(forNone, nones) });
          expectStatusByCaller(forVictim, caller, { admin: 200, editor: 200, approver: 200, anonymous: 401 });
          if (forVictim.status === 200) {
            expect(forVictim.body.results.map((row: { ok: boolean; error: { code: string } }) => [row.ok, row.error.code])).toEqual(victims.map(() => [false, "not_found"]));
          }
          expectNothingOf(A, { ...forVictim, text: masked(forVictim, victims) });
        },
      },
    },
  },
  {
    file: "app/api/products/export/route.ts",
    module: exportRoute,
    cases: {
      GET: {
        run: async ({ caller, token, A }) => {
          for (const query of ["", `category=${encodeURIComponent(categoryOfA.name)}`, `createdBy=${A.editor.id}`, "q=lamp"]) {
            const answer = await call(exportRoute.GET, { token, path: `/api/products/export?${query}` });
            expectStatusByCaller(answer, caller, staff);
            expectNothingOf(A, answer);
            if (answer.status === 200 && query) expect(answer.text.trim().split("\n")).toHaveLength(1);
          }
        },
      },
    },
  },
  {
    file: "app/api/products/duplicates/route.ts",
    module: duplicatesRoute,
    cases: {
      GET: {
        run: async ({ caller, token, A }) => {
          // A's names and SKU, asked about from B: no match, whoever asks.
          const { draft, approved } = A.products;
          for (const query of [`name=${encodeURIComponent(draft.name)}&sku=${encodeURIComponent(draft.sku!)}`, `name=${encodeURIComponent(approved.name)}`]) {
            const answer = await call(duplicatesRoute.GET, { token, path: `/api/products/duplicates?${query}` });
            expectStatusByCaller(answer, caller, staff);
            if (answer.status === 200) expect(answer.body).toEqual({ results: [] });
            expectNothingOf(A, answer);
          }
        },
      },
    },
  },
  {
    file: "app/api/products/import/template/route.ts",
    module: importTemplateRoute,
    cases: {
      GET: {
        run: async ({ caller, token, A }) => {
          const answer = await call(importTemplateRoute.GET, { token });
          expectStatusByCaller(answer, caller, staff);
          expectNothingOf(A, answer);
        },
      },
    },
  },
  {
    file: "app/api/products/reviews/route.ts",
    module: reviewsRoute,
    cases: {
      GET: {
        run: async ({ caller, token, A }) => {
          const queue = await call(reviewsRoute.GET, { token, path: "/api/products/reviews?pageSize=100" });
          // Admins and approvers open their own business's queue; A's pending work never shows in it.
          expectStatusByCaller(queue, caller, { admin: 200, approver: 200, anonymous: 401 });
          expectNothingOf(A, queue);
        },
      },
    },
  },
  {
    file: "app/api/products/internal/route.ts",
    module: internalRoute,
    cases: {
      GET: {
        run: async ({ caller, token, A }) => {
          const all = await call(internalRoute.GET, { token, path: "/api/products/internal?pageSize=100" });
          expectStatusByCaller(all, caller, staff);
          expectNothingOf(A, all);
          const byA = await call(internalRoute.GET, { token, path: `/api/products/internal?createdBy=${A.editor.id}` });
          expectStatusByCaller(byA, caller, staff);
          if (byA.status === 200) expect(byA.body).toMatchObject({ count: 0, results: [] });
        },
      },
    },
  },
  {
    file: "app/api/shops/route.ts",
    module: shopsRoute,
    cases: {
      GET: {
        run: async ({ token, A }) => {
          // The directory is public: the same for B's members as for anyone, and only A's public face.
          const asCaller = await call(shopsRoute.GET, { token, path: "/api/shops?pageSize=100" });
          const asPublic = await call(shopsRoute.GET, { path: "/api/shops?pageSize=100" });
          expect(asCaller.status).toBe(200);
          expect(asCaller.text).toBe(asPublic.text);
          expect(asCaller.body.results).toContainEqual({ name: A.business.name, slug: A.business.slug, productCount: 1 });
          expectOnlyPublicOf(A, asCaller);
        },
      },
    },
  },
  {
    file: "app/api/shops/[slug]/route.ts",
    module: shopRoute,
    cases: {
      GET: {
        run: async ({ token, A }) => {
          const asCaller = await call(shopRoute.GET, { token, params: { slug: A.business.slug } });
          const asPublic = await call(shopRoute.GET, { params: { slug: A.business.slug } });
          expect(asCaller.status).toBe(200);
          expect(asCaller.text).toBe(asPublic.text);
          expect(asCaller.body.productCount).toBe(1);
          expectOnlyPublicOf(A, asCaller);
        },
      },
    },
  },
  {
    file: "app/api/shops/[slug]/products/route.ts",
    module: shopProductsRoute,
    cases: {
      GET: {
        run: async ({ token, A }) => {
          // A's storefront lists its approved product only, whoever asks, whatever the filters.
          for (const query of ["", "?q=lamp&pageSize=100", "?inStock=true&sort=price_desc", `?category=${encodeURIComponent("x")}`]) {
            const options = { path: `/api/shops/${A.business.slug}/products${query}`, params: { slug: A.business.slug } };
            const asCaller = await call(shopProductsRoute.GET, { token, ...options });
            const asPublic = await call(shopProductsRoute.GET, options);
            expect(asCaller.status).toBe(200);
            expect(asCaller.text).toBe(asPublic.text);
            expect(asCaller.body.results.every((product: { id: string }) => product.id === A.products.approved.id)).toBe(true);
            expectOnlyPublicOf(A, asCaller);
          }
        },
      },
    },
  },
  {
    file: "app/api/shops/[slug]/products/[product]/route.ts",
    module: shopProductRoute,
    cases: {
      GET: {
        run: async ({ token, A, B }) => {
          const one = (slug: string, product: string) => call(shopProductRoute.GET, { token, params: { slug, product } });
          const none = await one(A.business.slug, randomUUID());
          expect(none.status).toBe(404);
          // A's unpublished products under A's slug, and A's live product under B's, look like no product at all.
          for (const [slug, product] of [
            [A.business.slug, A.products.draft.id],
            [A.business.slug, A.products.pending.id],
            [A.business.slug, A.products.rejected.id],
            [B.business.slug, A.products.approved.id],
          ] as const) {
            const answer = await one(slug, product);
            expect({ status: answer.status, text: answer.text }).toEqual({ status: none.status, text: none.text });
          }
          const live = await one(A.business.slug, A.products.approved.id);
          expect(live.status).toBe(200);
          expectOnlyPublicOf(A, live);
        },
      },
    },
  },
  {
    file: "app/api/products/limits/route.ts",
    module: limitsRoute,
    cases: {
      GET: {
        run: async ({ token, A }) => {
          const answer = await call(limitsRoute.GET, { token });
          expect(answer.status).toBe(200);
          expectNothingOf(A, answer);
        },
      },
    },
  },
  {
    file: "app/api/products/route.ts",
    module: productsRoute,
    cases: {
      GET: {
        run: async ({ token, A }) => {
          // The public catalog: approved products only, the same for B's staff as for anyone.
          for (const query of [`business=${A.business.id}&pageSize=100`, `business=${A.business.slug}&pageSize=100`, `q=lamp&pageSize=100`]) {
            const asCaller = await call(productsRoute.GET, { token, path: `/api/products?${query}` });
            const asPublic = await call(productsRoute.GET, { path: `/api/products?${query}` });
            expect(asCaller.status).toBe(200);
            expect(asCaller.text).toBe(asPublic.text);
            expect(asCaller.body.results.every((product: { status: string }) => product.status === "approved")).toBe(true);
            expectOnlyPublicOf(A, asCaller);
          }
          const ofA = await call(productsRoute.GET, { token, path: `/api/products?business=${A.business.id}` });
          expect(ofA.body.results.map((product: { id: string }) => product.id)).toEqual([A.products.approved.id]);
        },
      },
      POST: {
        run: async ({ caller, token, A, B }) => {
          const name = `Created by ${caller} ${randomUUID().slice(0, 8)}`;
          const answer = await call(productsRoute.POST, { token, body: { name, description: "Mine.", price: "2.00" } });
          expectStatusByCaller(answer, caller, { admin: 201, editor: 201, anonymous: 401 });
          if (answer.status === 201) expect(answer.body.businessId).toBe(B.business.id);
          expectNothingOf(A, answer);
          const aimed = await call(productsRoute.POST, { token, body: { name: `${name} aimed`, description: "Mine.", price: "2.00", businessId: A.business.id } });
          expect([400, 401, 403]).toContain(aimed.status);
          const rows = await getDb()
            .select({ businessId: products.businessId })
            .from(products)
            .where(inArray(products.name, [name, `${name} aimed`]));
          expect(rows.every((row) => row.businessId === B.business.id)).toBe(true);
        },
      },
    },
  },
  {
    file: "app/api/purchases/[id]/route.ts",
    module: purchaseRoute,
    cases: {
      GET: { run: (probe) => probeId(probe, purchaseRoute.GET, probe.A.purchaseId, (id) => ({ params: { id } })).then(() => {}) },
    },
  },
  {
    file: "app/api/purchases/route.ts",
    module: purchasesRoute,
    cases: {
      GET: {
        run: async (probe) => {
          const { caller, token, A } = probe;
          const own = await call(purchasesRoute.GET, { token, path: "/api/purchases?pageSize=100" });
          expectStatusByCaller(own, caller, signedIn);
          expectNothingOf(A, own);
          const download = await call(purchasesRoute.GET, { token, path: "/api/purchases?format=csv" });
          expectStatusByCaller(download, caller, signedIn);
          expectNothingOf(A, download);
          // An admin filtering by A's buyer gets B's (empty) slice; everyone else gets the 403 any other user id gets.
          const byA = await probeId(probe, purchasesRoute.GET, A.viewer.id, (id) => ({ path: `/api/purchases?userId=${id}` }), { admin: 200 });
          if (byA.status === 200) expect(byA.body).toMatchObject({ count: 0, results: [], buyers: expect.not.arrayContaining([expect.objectContaining({ id: A.viewer.id })]) });
        },
      },
      POST: {
        run: async (probe) => {
          // With A's price, and with a wrong one: a price check must not tell A's product (or its price) apart.
          for (const expectedUnitPrice of [probe.A.products.approved.price, "0.01"]) {
            const product = await probeId(probe, purchasesRoute.POST, probe.A.products.approved.id, (id) => ({
              body: { productId: id, expectedUnitPrice, quantity: 1 },
            }));
            if (probe.caller !== "anonymous") expect(product.status).toBe(404);
          }
          // B's own product through A's chat session: the session is as unknown as any other.
          const session = await probeId(probe, purchasesRoute.POST, probe.A.sessionId, (id) => ({
            body: { productId: probe.B.approvedProduct.id, expectedUnitPrice: probe.B.approvedProduct.price, quantity: 1, sessionId: id },
          }));
          if (probe.caller !== "anonymous") expect(session.status).toBe(404);
        },
      },
    },
  },
  {
    file: "app/api/users/[id]/route.ts",
    module: userRoute,
    cases: {
      PATCH: {
        run: async (probe) => {
          for (const user of [probe.A.admin, probe.A.viewer]) {
            await probeId(probe, userRoute.PATCH, user.id, (id) => ({ method: "PATCH", params: { id }, body: { role: "viewer", active: false } }));
          }
        },
      },
      DELETE: {
        run: async (probe) => {
          for (const user of [probe.A.admin, probe.A.viewer]) {
            await probeId(probe, userRoute.DELETE, user.id, (id) => ({ method: "DELETE", params: { id } }));
          }
        },
      },
    },
  },
  {
    file: "app/api/users/route.ts",
    module: usersRoute,
    cases: {
      GET: {
        run: async ({ caller, token, A }) => {
          const all = await call(usersRoute.GET, { token, path: "/api/users?pageSize=100" });
          expectStatusByCaller(all, caller, adminOnly);
          expectNothingOf(A, all);
          const searched = await call(usersRoute.GET, { token, path: `/api/users?q=${encodeURIComponent(A.viewer.email)}` });
          expectStatusByCaller(searched, caller, adminOnly);
          if (searched.status === 200) expect(searched.body).toMatchObject({ count: 0, results: [] });
        },
      },
      POST: {
        run: async ({ caller, token, A, B }) => {
          const email = uniqueEmail(`by-${caller}`);
          const answer = await call(usersRoute.POST, { token, body: { email, name: "New member", role: "viewer" } });
          expectStatusByCaller(answer, caller, { admin: 201, anonymous: 401 });
          expectNothingOf(A, answer);
          const [row] = await getDb().select({ businessId: users.businessId }).from(users).where(eq(users.email, email));
          if (answer.status === 201) expect(row!.businessId).toBe(B.business.id);
          else expect(row).toBeUndefined();
        },
      },
    },
  },
  {
    file: "app/api/api-keys/route.ts",
    module: apiKeysRoute,
    cases: {
      GET: {
        run: async ({ caller, token, A }) => {
          const answer = await call(apiKeysRoute.GET, { token, path: "/api/api-keys?pageSize=100" });
          expectStatusByCaller(answer, caller, adminOnly);
          expectNothingOf(A, answer);
        },
      },
      POST: {
        run: async ({ caller, token, A, B }) => {
          const answer = await call(apiKeysRoute.POST, { token, body: { name: `B's key as ${caller}`, kind: "secret" } });
          expectStatusByCaller(answer, caller, { admin: 201, anonymous: 401 });
          if (answer.status === 201) {
            const [row] = await getDb().select({ businessId: apiKeys.businessId }).from(apiKeys).where(eq(apiKeys.id, answer.body.apiKey.id));
            expect(row!.businessId).toBe(B.business.id);
          }
          expectNothingOf(A, answer);
        },
      },
    },
  },
  {
    file: "app/api/api-keys/[id]/route.ts",
    module: apiKeyRoute,
    cases: {
      PATCH: {
        run: async (probe) => {
          const [victimKey] = await getDb().select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.businessId, probe.A.business.id)).limit(1);
          await probeId(probe, apiKeyRoute.PATCH, victimKey!.id, (id) => ({ method: "PATCH", params: { id }, body: { name: "B was here" } }));
        },
      },
      DELETE: {
        run: async (probe) => {
          const [victimKey] = await getDb().select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.businessId, probe.A.business.id)).limit(1);
          await probeId(probe, apiKeyRoute.DELETE, victimKey!.id, (id) => ({ method: "DELETE", params: { id } }));
        },
      },
    },
  },
  {
    file: "app/api/business/identity-secret/route.ts",
    module: identitySecretRoute,
    cases: {
      GET: {
        run: async ({ caller, token, A, B }) => {
          const answer = await call(identitySecretRoute.GET, { token });
          expectStatusByCaller(answer, caller, adminOnly);
          if (answer.status === 200) expect(answer.body.secret).not.toBe(A.business.identitySecret);
          expect(B.business.id).not.toBe(A.business.id);
          expectNothingOf(A, answer);
        },
      },
      POST: {
        run: async ({ caller, token, A }) => {
          const answer = await call(identitySecretRoute.POST, { token, method: "POST" });
          expectStatusByCaller(answer, caller, adminOnly);
          expectNothingOf(A, answer);
        },
      },
    },
  },
  {
    file: "app/api/business/wallet/route.ts",
    module: walletRoute,
    cases: {
      GET: {
        run: async ({ caller, token, A }) => {
          const answer = await call(walletRoute.GET, { token, path: "/api/business/wallet?pageSize=100" });
          expectStatusByCaller(answer, caller, adminOnly);
          expectNothingOf(A, answer);
        },
      },
      POST: {
        run: async ({ caller, token, A }) => {
          const answer = await call(walletRoute.POST, { token, body: { amount: 5, reason: `B's top-up as ${caller}` } });
          expectStatusByCaller(answer, caller, adminOnly);
          expectNothingOf(A, answer);
        },
      },
    },
  },
  {
    file: "app/api/chat/sessions/[id]/files/route.ts",
    module: sessionFilesRoute,
    cases: {
      GET: { run: (probe) => probeId(probe, sessionFilesRoute.GET, probe.A.sessionId, (id) => ({ params: { id } })).then(() => {}) },
      POST: {
        run: (probe) =>
          probeId(probe, sessionFilesRoute.POST, probe.A.sessionId, (id) => {
            const form = new FormData();
            form.append("file", new File(["name\nB was here\n"], "b.csv", { type: "text/csv" }));
            return { method: "POST", params: { id }, rawBody: form };
          }).then(() => {}),
      },
    },
  },
  {
    file: "app/api/chat/files/route.ts",
    module: newConversationFileRoute,
    cases: {
      POST: {
        run: async ({ caller, token, A }) => {
          const form = new FormData();
          form.append("file", new File(["name\nB's own\n"], "b.csv", { type: "text/csv" }));
          const answer = await call(newConversationFileRoute.POST, { method: "POST", token, rawBody: form });
          expectStatusByCaller(answer, caller, { ...signedIn, admin: 201, editor: 201, approver: 201, viewer: 201 });
          expectNothingOf(A, answer);
        },
      },
    },
  },
  {
    file: "app/api/chat/files/[fileId]/route.ts",
    module: fileRoute,
    cases: {
      GET: { run: (probe) => probeId(probe, fileRoute.GET, probe.A.fileId, (fileId) => ({ params: { fileId } })).then(() => {}) },
      DELETE: { run: (probe) => probeId(probe, fileRoute.DELETE, probe.A.fileId, (fileId) => ({ method: "DELETE", params: { fileId } })).then(() => {}) },
    },
  },
  {
    file: "app/api/chat/files/[fileId]/query/route.ts",
    module: fileQueryRoute,
    cases: {
      POST: { run: (probe) => probeId(probe, fileQueryRoute.POST, probe.A.fileId, (fileId) => ({ params: { fileId }, body: { limit: 10 } })).then(() => {}) },
    },
  },
  {
    file: "app/api/chat/bot-config/route.ts",
    module: botConfigRoute,
    cases: {
      GET: {
        run: async ({ caller, token, A }) => {
          const answer = await call(botConfigRoute.GET, { token });
          expectStatusByCaller(answer, caller, signedIn);
          expectNothingOf(A, answer);
        },
      },
    },
  },
  {
    file: "app/api/chat/stats/summary/route.ts",
    module: statsSummaryRoute,
    cases: {
      GET: {
        run: async ({ caller, token, A }) => {
          const answer = await call(statsSummaryRoute.GET, { token });
          expectStatusByCaller(answer, caller, adminOnly);
          // B has no end-user conversations: A's never count.
          if (answer.status === 200) expect(answer.body.totalSessions).toBe(0);
          expectNothingOf(A, answer);
        },
      },
    },
  },
  {
    file: "app/api/chat/stats/by-user/route.ts",
    module: statsByUserRoute,
    cases: {
      GET: {
        run: async ({ caller, token, A }) => {
          const answer = await call(statsByUserRoute.GET, { token });
          expectStatusByCaller(answer, caller, adminOnly);
          if (answer.status === 200) expect(answer.body.userStats).toEqual({});
          expectNothingOf(A, answer);
        },
      },
    },
  },
  {
    file: "app/api/chat/messages/[id]/feedback/route.ts",
    module: messageFeedbackRoute,
    cases: {
      POST: {
        run: async (probe) => {
          for (const messageId of probe.A.messageIds) {
            await probeId(probe, messageFeedbackRoute.POST, messageId, (id) => ({ method: "POST", params: { id }, body: { rating: "up", reason: "B's" } }));
          }
        },
      },
      DELETE: {
        run: async (probe) => {
          for (const messageId of probe.A.messageIds) {
            await probeId(probe, messageFeedbackRoute.DELETE, messageId, (id) => ({ method: "DELETE", params: { id } }));
          }
        },
      },
    },
  },
  {
    file: "app/api/chat/messages/[id]/regenerate/route.ts",
    module: messageRegenerateRoute,
    cases: {
      POST: {
        run: async (probe) => {
          for (const messageId of probe.A.messageIds) {
            await probeId(probe, messageRegenerateRoute.POST, messageId, (id) => ({ method: "POST", params: { id }, body: {} }));
          }
        },
      },
    },
  },
  {
    file: "app/api/chat/messages/[id]/edit/route.ts",
    module: messageEditRoute,
    cases: {
      POST: {
        run: async (probe) => {
          for (const messageId of probe.A.messageIds) {
            await probeId(probe, messageEditRoute.POST, messageId, (id) => ({ method: "POST", params: { id }, body: { message: "B's words in A's conversation" } }));
          }
        },
      },
    },
  },
  {
    file: "app/api/chat/suggestions/route.ts",
    module: suggestionsRoute,
    cases: {
      GET: {
        run: async ({ caller, token, A }) => {
          const answer = await call(suggestionsRoute.GET, { token });
          expectStatusByCaller(answer, caller, signedIn);
          // Prompts come from B's own catalog: never A's product or category names.
          expectNothingOf(A, answer);
        },
      },
    },
  },
  {
    file: "app/api/chat/feedback/route.ts",
    module: feedbackRoute,
    cases: {
      GET: {
        run: async ({ caller, token, A }) => {
          for (const path of ["/api/chat/feedback?pageSize=100", "/api/chat/feedback?rating=down"]) {
            const answer = await call(feedbackRoute.GET, { token, path });
            expectStatusByCaller(answer, caller, adminOnly);
            // B rated nothing: A's ratings never count.
            if (answer.status === 200) expect(answer.body.count).toBe(0);
            expectNothingOf(A, answer);
          }
        },
      },
    },
  },
  {
    file: "app/api/chat/unanswered/route.ts",
    module: unansweredRoute,
    cases: {
      GET: {
        run: async ({ caller, token, A }) => {
          const answer = await call(unansweredRoute.GET, { token, path: "/api/chat/unanswered?pageSize=100" });
          expectStatusByCaller(answer, caller, adminOnly);
          expectNothingOf(A, answer);
        },
      },
    },
  },
  {
    file: "app/api/inbox/route.ts",
    module: inboxRoute,
    cases: {
      GET: {
        run: async ({ caller, token, A }) => {
          for (const path of ["/api/inbox?pageSize=100", `/api/inbox?userId=${A.viewer.id}`, `/api/inbox?q=${encodeURIComponent(A.privateMarkers[0] ?? "x")}`]) {
            const answer = await call(inboxRoute.GET, { token, path });
            expectStatusByCaller(answer, caller, adminOnly);
            if (answer.status === 200) expect(answer.body.results.map((c: { id: string }) => c.id)).not.toContain(A.sessionId);
            expectNothingOf(A, answer);
          }
        },
      },
    },
  },
  {
    file: "app/api/inbox/[sessionId]/takeover/route.ts",
    module: takeoverRoute,
    cases: { POST: { run: (probe) => probeId(probe, takeoverRoute.POST, probe.A.sessionId, (sessionId) => ({ method: "POST", params: { sessionId } })).then(() => {}) } },
  },
  {
    file: "app/api/inbox/[sessionId]/handback/route.ts",
    module: handbackRoute,
    cases: { POST: { run: (probe) => probeId(probe, handbackRoute.POST, probe.A.sessionId, (sessionId) => ({ method: "POST", params: { sessionId } })).then(() => {}) } },
  },
  {
    file: "app/api/inbox/[sessionId]/reply/route.ts",
    module: replyRoute,
    cases: {
      POST: {
        run: (probe) =>
          probeId(probe, replyRoute.POST, probe.A.sessionId, (sessionId) => ({ method: "POST", params: { sessionId }, body: { message: "B pretending to be A's staff" } })).then(() => {}),
      },
    },
  },
  {
    file: "app/api/inbox/[sessionId]/read/route.ts",
    module: readRoute,
    cases: {
      POST: {
        run: (probe) =>
          probeId(probe, readRoute.POST, probe.A.sessionId, (sessionId) => ({ method: "POST", params: { sessionId }, body: { upToMessageId: probe.A.messageIds[0] } })).then(() => {}),
      },
    },
  },
  {
    file: "app/api/chat/sessions/[id]/typing/route.ts",
    module: typingRoute,
    cases: { POST: { run: (probe) => probeId(probe, typingRoute.POST, probe.A.sessionId, (id) => ({ method: "POST", params: { id }, body: { on: false } })).then(() => {}) } },
  },
  {
    file: "app/api/chat/sessions/[id]/handoff/route.ts",
    module: handoffRoute,
    cases: {
      POST: { run: (probe) => probeId(probe, handoffRoute.POST, probe.A.sessionId, (id) => ({ method: "POST", params: { id } })).then(() => {}) },
      DELETE: { run: (probe) => probeId(probe, handoffRoute.DELETE, probe.A.sessionId, (id) => ({ method: "DELETE", params: { id } })).then(() => {}) },
    },
  },
  {
    file: "app/api/events/route.ts",
    module: eventsRoute,
    cases: {
      GET: {
        run: async ({ caller, token, A }) => {
          // Replaying from the very first event, and live while A's conversation changes: nothing of A.
          const stream = await openEventStream({ token: token ?? undefined, lastEventId: "1" });
          try {
            if (caller === "anonymous") {
              expect(stream.response.status).toBe(401);
              return;
            }
            expect(stream.response.status).toBe(200);
            const session = { id: A.sessionId, businessId: A.business.id, userId: A.viewer.id, endUserId: null, channel: "member" as const, title: `A renamed ${caller}` };
            await transaction((tx) => publishEvents(tx, A.business.id, [sessionEvent(session, "renamed")]));
            const items = await stream.drain(300);
            const answer = { status: 200, headers: new Headers(), body: items, text: JSON.stringify(items) } as Answer;
            expectNothingOf(A, answer);
            expect(answer.text).not.toContain(A.sessionId);
            expect(answer.text).not.toContain("A renamed");
          } finally {
            stream.close();
          }
        },
      },
    },
  },
  {
    file: "app/api/widget/sessions/route.ts",
    module: widgetSessionsRoute,
    cases: {
      POST: {
        run: async ({ token, A }) => {
          // A member's token is no key: every caller of B is refused, and A is untouched.
          const answer = await call(widgetSessionsRoute.POST, { token, body: { userIdentifier: "x@example.com" } });
          expect(answer.status).toBe(401);
          expectNothingOf(A, answer);
        },
      },
    },
  },
];

/** What a route file serves: its OPTIONS answer's Allow, or every method when it answers them all itself. */
async function servedMethods(module: Record<string, unknown>): Promise<Method[]> {
  const options = await call(module.OPTIONS, { method: "OPTIONS", params: { path: ["anything"], nextauth: ["session"] } });
  const allow = options.headers.get("allow");
  if (options.status === 204 && allow) {
    return allow
      .split(",")
      .map((method) => method.trim())
      .filter((method): method is Method => method !== "HEAD" && method !== "OPTIONS");
  }
  return (["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const).filter((method) => typeof module[method] === "function");
}

describe.each(ROUTES)("$file as business B", ({ module, cases }) => {
  it("exercises every method the route serves", async () => {
    expect(Object.keys(cases).sort()).toEqual((await servedMethods(module)).sort());
  });

  const runs = Object.entries(cases).flatMap(([method, testCase]) =>
    (testCase.callers ?? CALLERS).map((caller) => ({ method, caller, testCase })),
  );
  it.each(runs)("$method as $caller: nothing of A readable or changed", async ({ caller, testCase }) => {
    const before = await fingerprintOf(A.business.id);
    const token = caller === "anonymous" ? null : B.tokens[caller];
    await testCase.run({ caller, token, A, B });
    expect(await fingerprintOf(A.business.id)).toEqual(before);
  });
});

describe("business A after every attempt of business B", () => {
  it("still works for A: its refresh token rotates and its purchase is its own", async () => {
    const refreshed = await call(refreshRoute.POST, { body: { refresh: A.refreshToken } });
    expect(refreshed.status).toBe(200);
    const purchase = await call(purchaseRoute.GET, { token: A.tokens.viewer, params: { id: A.purchaseId } });
    expect(purchase.status).toBe(200);
  });
});

describe("business B's keys and widget visitors against A", () => {
  const B_CALLERS = ["secret key", "publishable key", "visitor"] as const;
  const auth = (who: (typeof B_CALLERS)[number]): CallOptions<Record<string, unknown>> =>
    who === "visitor" ? { token: B.visitorToken } : { headers: { "x-api-key": who === "secret key" ? B.keys.secret : B.keys.publishable } };

  it.each(B_CALLERS)("%s: A's API and widget conversations answer as ids that do not exist; A's numbers never show", async (who) => {
    const before = await fingerprintOf(A.business.id);
    for (const victimId of [A.apiSessionId, A.widgetSessionId, A.sessionId]) {
      const noneId = randomUUID();
      const probes: [unknown, (id: string) => CallOptions<Record<string, unknown>>][] = [
        [sessionRoute.GET, (id) => ({ params: { id } })],
        [sessionRoute.PATCH, (id) => ({ method: "PATCH", params: { id }, body: { title: "B was here" } })],
        [sessionRoute.DELETE, (id) => ({ method: "DELETE", params: { id } })],
        [historyRoute.GET, (id) => ({ path: `/api/chat/history?sessionId=${id}` })],
        [historyRoute.DELETE, (id) => ({ method: "DELETE", path: `/api/chat/history?sessionId=${id}` })],
        [chatRoute.POST, (id) => ({ body: { sessionId: id, message: "hello" } })],
      ];
      for (const [handler, options] of probes) {
        const forVictim = await call(handler, { ...auth(who), ...options(victimId) });
        const forNone = await call(handler, { ...auth(who), ...options(noneId) });
        expect({ status: forVictim.status, text: forVictim.text.replaceAll(victimId, "<id>") }).toEqual({
          status: forNone.status,
          text: forNone.text.replaceAll(noneId, "<id>"),
        });
        expectNothingOf(A, forVictim);
      }
    }
    for (const handler of [sessionsRoute.GET, statsSummaryRoute.GET, statsByUserRoute.GET, botConfigRoute.GET]) {
      expectNothingOf(A, await call(handler, { ...auth(who), path: "/api/chat/sessions?pageSize=100" }));
    }
    expect(await fingerprintOf(A.business.id)).toEqual(before);
  });
});
