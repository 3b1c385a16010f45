import { sql } from "drizzle-orm";
import fc from "fast-check";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
// Every route file under app/api, imported by its path: a route file missing here is a route the
// fuzzer never calls (a walker test checks these import lines against the files).
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
import * as importTemplateRoute from "@/app/api/products/import/template/route";
import * as bulkRoute from "@/app/api/products/bulk/route";
import * as exportRoute from "@/app/api/products/export/route";
import * as duplicatesRoute from "@/app/api/products/duplicates/route";
import * as categoriesRoute from "@/app/api/categories/route";
import * as categoryRoute from "@/app/api/categories/[id]/route";
import * as categoryMergeRoute from "@/app/api/categories/[id]/merge/route";
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
import { getDb } from "@/db/client";
import { signAccessToken } from "@/lib/auth/jwt";
import { createApiKey, createProduct, createTeam, TEST_PASSWORD } from "@/test/factories";
import {
  bodyArbitrary,
  checkCase,
  FUZZ_RUNS,
  FUZZ_SEED,
  nastyDate,
  nastyString,
  nastyValue,
  queryArbitrary,
  tableFingerprint,
  trackWrites,
  type FuzzBody,
  withBody,
} from "@/test/fuzz";
import { callRoute, tokenFor, type CallOptions } from "@/test/http";

/**
 * Property-based fuzzing of every API route handler (docs/api.md's contract): hostile bodies,
 * query strings, path parameters and tokens, FUZZ_RUNS cases per served method (200 by default).
 * Each answer is below 500, JSON with `error` when refused, carries a request id (and `no-store`
 * when a token was sent), and a refused request leaves every application table as it was.
 */

type AnyParams = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- handlers differ only in their params
type AnyHandler = (request: any, segment: { params: Promise<any> }) => Promise<Response>;
type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";

type Target = {
  module: Partial<Record<Method, AnyHandler>>;
  path: string;
  /** The methods the file serves (the others answer 405 and are fuzzed more lightly). */
  served: Partial<Record<Method, Input>>;
  params?: () => fc.Arbitrary<AnyParams>;
};

type Input = {
  /** A valid body, mutated field by field; null for a route that takes none but must survive one. */
  body?: () => { example: Record<string, unknown> | null; wrap?: string };
  query?: () => { keys: string[]; examples?: Record<string, string> };
  headers?: () => fc.Arbitrary<Record<string, string>>;
  multipart?: true;
  /** An endless event stream: a 200 is closed as soon as it opens. */
  openStream?: true;
};

// ---- the seeded team ------------------------------------------------------------------------

let team: Awaited<ReturnType<typeof createTeam>>;
let seeded: { products: string[]; approved: { id: string; price: string }; sessionId: string; purchaseId: string; fileId: string; imageIds: string[] };
let tokens: fc.Arbitrary<string | null>;
/** X-API-Key headers: the team's live keys, and anything else. */
let apiKeyHeaders: fc.Arbitrary<Record<string, string>>;

beforeAll(async () => {
  await trackWrites();
  team = await createTeam();
  const product = (status: "draft" | "pending_approval" | "approved" | "rejected") =>
    createProduct({ businessId: team.business.id, createdBy: team.editor.id, status, stock: 1_000, price: "10.00" });
  const made = await Promise.all([product("draft"), product("pending_approval"), product("approved"), product("rejected"), product("approved")]);
  const [admin, editor, approver, viewer] = await Promise.all([team.admin, team.editor, team.approver, team.viewer].map(tokenFor));
  const session = await callRoute(sessionsRoute.POST, { token: admin!, body: { title: "Fuzzed" } });
  const purchase = await callRoute(purchasesRoute.POST, {
    token: admin!,
    body: { productId: made[2]!.id, quantity: 1, expectedUnitPrice: "10.00" },
  });
  const form = new FormData();
  form.append("file", new File(["name,price,added,active\nDesk,10.5,2024-01-02,true\nLamp,3,2024-02-03,false\n,,,\n"], "fuzz.csv", { type: "text/csv" }));
  const file = await callRoute(sessionFilesRoute.POST, { method: "POST", token: admin!, params: { id: session.body.id }, rawBody: form });
  // A draft's image and an approved product's (live) image, for the image routes' ids.
  const picture = new Uint8Array(await sharp({ create: { width: 200, height: 120, channels: 3, background: "#3366aa" } }).jpeg().toBuffer());
  const imageIds: string[] = [];
  for (const productId of [made[0]!.id, made[4]!.id]) {
    const upload = new FormData();
    upload.append("file", new File([Buffer.from(picture)], "fuzz.jpg", { type: "image/jpeg" }));
    upload.append("alt", "Fuzz picture");
    const image = await callRoute(productImagesRoute.POST, { method: "POST", token: admin!, params: { id: productId }, rawBody: upload });
    expect(image.status).toBe(201);
    imageIds.push(image.body.image.id);
  }
  expect([session.status, purchase.status, file.status]).toEqual([201, 201, 201]);
  seeded = {
    products: made.map((row) => row.id),
    approved: { id: made[2]!.id, price: "10.00" },
    sessionId: session.body.id,
    purchaseId: purchase.body.id,
    fileId: file.body.file.id,
    imageIds,
  };
  // A validly signed token for a subject that is no user id, and one signed with another key.
  const notAUuid = (await signAccessToken({ ...team.admin, id: "admin", businessId: team.business.id })).token;
  const [header, payload] = admin!.split(".");
  const forged = `${header}.${payload}.${"A".repeat(43)}`;
  const [secretKey, publishableKey, revokedKey] = await Promise.all([
    createApiKey({ businessId: team.business.id }),
    createApiKey({ businessId: team.business.id, kind: "publishable" }),
    createApiKey({ businessId: team.business.id, revokedAt: new Date() }),
  ]);
  apiKeyHeaders = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(secretKey.key, publishableKey.key).map((key) => ({ "x-api-key": key })) },
    { weight: 1, arbitrary: fc.constant({}) },
    {
      weight: 2,
      arbitrary: fc
        .oneof(fc.constantFrom(revokedKey.key, `sk_${"A".repeat(43)}`, "pk_", " ", secretKey.key.slice(0, -1)), fc.string({ unit: "grapheme-ascii", maxLength: 100 }))
        .map((key) => ({ "x-api-key": key.replace(/[\r\n]/g, "") })),
    },
    { weight: 1, arbitrary: fc.constant({ "x-api-key": publishableKey.key, origin: "https://evil.example" }) },
  );
  tokens = fc.oneof(
    { weight: 8, arbitrary: fc.constant(admin!) },
    { weight: 2, arbitrary: fc.constantFrom(editor!, approver!, viewer!) },
    { weight: 1, arbitrary: fc.constantFrom(null, notAUuid, forged, "not.a.jwt") },
  );
});

// ---- the targets ----------------------------------------------------------------------------

const ids = () =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...seeded.products, seeded.sessionId, seeded.purchaseId, seeded.fileId, team.viewer.id, team.editor.id) },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 3, arbitrary: nastyString },
  );
const idParams = () => ids().map((id) => ({ id }));
const imageIds = () => fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...seeded.imageIds) }, { weight: 1, arbitrary: ids() });
const imageParams = () => fc.tuple(ids(), imageIds()).map(([id, imageId]) => ({ id, imageId }));
const pageKeys = ["page", "pageSize"];
const slugs = () => fc.oneof({ weight: 3, arbitrary: fc.constant(team.business.slug) }, { weight: 2, arbitrary: nastyString });
const shopListKeys = ["q", "category", "minPrice", "maxPrice", "sort", "inStock", ...pageKeys];

const targets: [string, Target][] = [
  [
    "app/api/[...path]/route.ts",
    {
      module: unknownPathRoute,
      path: "/api/fuzz/unknown",
      params: () => fc.array(nastyString, { minLength: 1, maxLength: 4 }).map((path) => ({ path })),
      served: { GET: {}, POST: { body: () => ({ example: {} }) }, PUT: { body: () => ({ example: {} }) }, PATCH: {}, DELETE: {}, OPTIONS: {} },
    },
  ],
  [
    "app/api/audit/route.ts",
    {
      module: auditRoute,
      path: "/api/audit",
      served: { GET: { query: () => ({ keys: ["action", "actorId", "entityType", "entityId", "from", "to", ...pageKeys], examples: { from: "2024-01-01" } }) } },
    },
  ],
  [
    "app/api/auth/[...nextauth]/route.ts",
    {
      module: nextAuthRoute,
      path: "/api/auth/fuzz",
      params: () =>
        fc
          .tuple(
            fc.oneof(fc.constantFrom("session", "csrf", "providers", "signin", "signout", "callback", "_log", "error", "verify-request"), nastyString),
            fc.option(fc.oneof(fc.constant("credentials"), nastyString), { nil: undefined }),
          )
          .map(([action, provider]) => ({ nextauth: provider === undefined ? [action] : [action, provider] })),
      served: {
        GET: { query: () => ({ keys: ["callbackUrl", "error", "csrf"] }) },
        POST: {
          body: () => ({ example: { email: team.viewer.email, password: "not the password", csrfToken: "x", callbackUrl: "/", json: "true" } }),
          headers: () => fc.constantFrom<Record<string, string>>({}, { "content-type": "application/x-www-form-urlencoded" }),
        },
      },
    },
  ],
  [
    "app/api/auth/login/route.ts",
    { module: loginRoute, path: "/api/auth/login", served: { POST: { body: () => ({ example: { email: team.viewer.email, password: "not the password" } }) } } },
  ],
  ["app/api/auth/logout/route.ts", { module: logoutRoute, path: "/api/auth/logout", served: { POST: { body: () => ({ example: { refresh: `${team.viewer.id}.${"x".repeat(43)}` } }) } } }],
  [
    "app/api/auth/me/route.ts",
    {
      module: meRoute,
      path: "/api/auth/me",
      served: { GET: { query: () => ({ keys: [] }) }, PATCH: { body: () => ({ example: { email: "fuzz-me@example.test", currentPassword: "not the password" } }) } },
    },
  ],
  [
    "app/api/auth/password/route.ts",
    { module: passwordRoute, path: "/api/auth/password", served: { POST: { body: () => ({ example: { currentPassword: "not the password", newPassword: "a new password" } }) } } },
  ],
  [
    "app/api/auth/password/forgot/route.ts",
    { module: forgotPasswordRoute, path: "/api/auth/password/forgot", served: { POST: { body: () => ({ example: { email: "fuzz-nobody@example.test" } }) } } },
  ],
  [
    "app/api/invites/describe/route.ts",
    { module: describeInviteRoute, path: "/api/invites/describe", served: { POST: { body: () => ({ example: { inviteCode: "not-a-working-code" } }) } } },
  ],
  [
    "app/api/auth/password/reset/route.ts",
    { module: resetPasswordRoute, path: "/api/auth/password/reset", served: { POST: { body: () => ({ example: { token: "x".repeat(43), password: "a new password" } }) } } },
  ],
  ["app/api/auth/email/route.ts", { module: emailChangeRoute, path: "/api/auth/email", served: { POST: {}, DELETE: {} } }],
  [
    "app/api/auth/email/confirm/route.ts",
    { module: confirmEmailRoute, path: "/api/auth/email/confirm", served: { POST: { body: () => ({ example: { token: "x".repeat(43) } }) } } },
  ],
  [
    "app/api/auth/mint-token/route.ts",
    {
      module: mintTokenRoute,
      path: "/api/auth/mint-token",
      served: {
        GET: {
          headers: () =>
            fc
              .oneof(fc.constantFrom("", "%", "a.b.c", "eyJhbGciOiJIUzI1NiJ9.e30.x"), fc.string({ unit: "grapheme-ascii", maxLength: 200 }))
              .map((value) => ({ cookie: `next-auth.session-token=${value.replace(/[;\r\n]/g, "")}` })),
        },
      },
    },
  ],
  ["app/api/auth/refresh/route.ts", { module: refreshRoute, path: "/api/auth/refresh", served: { POST: { body: () => ({ example: { refresh: `${team.viewer.id}.${"x".repeat(43)}` } }) } } }],
  [
    "app/api/auth/register/route.ts",
    {
      module: registerRoute,
      path: "/api/auth/register",
      served: { POST: { body: () => ({ example: { email: "fuzz-register@example.test", password: TEST_PASSWORD, name: "Fuzz", businessName: "Fuzz Co" } }) } },
    },
  ],
  [
    "app/api/business/credits/route.ts",
    {
      module: creditsRoute,
      path: "/api/business/credits",
      served: {
        GET: { query: () => ({ keys: ["userId", ...pageKeys], examples: { userId: team.viewer.id } }) },
        POST: { body: () => ({ example: { userId: team.viewer.id, amount: 10, reason: "fuzz" } }) },
      },
    },
  ],
  [
    "app/api/business/route.ts",
    {
      module: businessRoute,
      path: "/api/business",
      served: {
        GET: { query: () => ({ keys: [] }) },
        PATCH: {
          body: () => ({
            example: { botName: "Bot", botColor: "#4f46e5", greeting: "Hi", instructions: "", model: "gpt-4o-mini", messageCost: 100, initialCredits: 4000 },
            wrap: "settings",
          }),
        },
      },
    },
  ],
  ["app/api/chat/balance/route.ts", { module: balanceRoute, path: "/api/chat/balance", served: { GET: { query: () => ({ keys: [] }) } } }],
  [
    "app/api/chat/history/route.ts",
    {
      module: historyRoute,
      path: "/api/chat/history",
      served: {
        GET: { query: () => ({ keys: ["sessionId", "before", ...pageKeys], examples: { sessionId: seeded.sessionId } }) },
        DELETE: { query: () => ({ keys: ["sessionId"], examples: { sessionId: seeded.sessionId } }) },
      },
    },
  ],
  [
    "app/api/chat/route.ts",
    {
      module: chatRoute,
      path: "/api/chat",
      served: {
        POST: {
          body: () => ({ example: { message: "a desk please", sessionId: seeded.sessionId, userIdentifier: "fuzz@example.com" } }),
          headers: () => fc.oneof({ weight: 3, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: apiKeyHeaders }),
        },
      },
    },
  ],
  [
    "app/api/chat/sessions/[id]/route.ts",
    {
      module: sessionRoute,
      path: "/api/chat/sessions/fuzz",
      params: idParams,
      served: { GET: {}, PATCH: { body: () => ({ example: { title: "Renamed" } }) }, DELETE: {} },
    },
  ],
  [
    "app/api/chat/sessions/route.ts",
    {
      module: sessionsRoute,
      path: "/api/chat/sessions",
      served: { GET: { query: () => ({ keys: ["q", ...pageKeys], examples: { q: "desk" } }) }, POST: { body: () => ({ example: { title: "Fuzz" } }) } },
    },
  ],
  [
    "app/api/chat/messages/[id]/feedback/route.ts",
    {
      module: messageFeedbackRoute,
      path: "/api/chat/messages/fuzz/feedback",
      params: idParams,
      served: { POST: { body: () => ({ example: { rating: "down", reason: "Too vague" } }) }, DELETE: {} },
    },
  ],
  [
    "app/api/chat/messages/[id]/regenerate/route.ts",
    { module: messageRegenerateRoute, path: "/api/chat/messages/fuzz/regenerate", params: idParams, served: { POST: { body: () => ({ example: {} }) } } },
  ],
  [
    "app/api/chat/messages/[id]/edit/route.ts",
    { module: messageEditRoute, path: "/api/chat/messages/fuzz/edit", params: idParams, served: { POST: { body: () => ({ example: { message: "Do you sell chairs?" } }) } } },
  ],
  ["app/api/chat/suggestions/route.ts", { module: suggestionsRoute, path: "/api/chat/suggestions", served: { GET: { query: () => ({ keys: [] }) } } }],
  [
    "app/api/chat/feedback/route.ts",
    { module: feedbackRoute, path: "/api/chat/feedback", served: { GET: { query: () => ({ keys: ["rating", ...pageKeys], examples: { rating: "down" } }) } } },
  ],
  ["app/api/chat/unanswered/route.ts", { module: unansweredRoute, path: "/api/chat/unanswered", served: { GET: { query: () => ({ keys: pageKeys }) } } }],
  ["app/api/dashboard/stats/route.ts", { module: dashboardRoute, path: "/api/dashboard/stats", served: { GET: { query: () => ({ keys: ["days", "from", "to"] }) } } }],
  ["app/api/dashboard/first-run/dismiss/route.ts", { module: firstRunDismissRoute, path: "/api/dashboard/first-run/dismiss", served: { POST: {} } }],
  ["app/api/health/route.ts", { module: healthRoute, path: "/api/health", served: { GET: {} } }],
  [
    "app/api/invites/route.ts",
    {
      module: invitesRoute,
      path: "/api/invites",
      served: { GET: { query: () => ({ keys: pageKeys }) }, POST: { body: () => ({ example: { role: "viewer", email: "invitee@example.test" } }) } },
    },
  ],
  ["app/api/invites/[id]/route.ts", { module: inviteRoute, path: "/api/invites/fuzz", params: idParams, served: { DELETE: {} } }],
  ["app/api/invites/[id]/resend/route.ts", { module: inviteResendRoute, path: "/api/invites/fuzz/resend", params: idParams, served: { POST: { body: () => ({ example: null }) } } }],
  ["app/api/products/[id]/approve/route.ts", { module: approveRoute, path: "/api/products/fuzz/approve", params: idParams, served: { POST: { body: () => ({ example: null }) } } }],
  ["app/api/products/[id]/history/route.ts", { module: productHistoryRoute, path: "/api/products/fuzz/history", params: idParams, served: { GET: {} } }],
  ["app/api/products/[id]/reject/route.ts", { module: rejectRoute, path: "/api/products/fuzz/reject", params: idParams, served: { POST: { body: () => ({ example: { reason: "Not yet" } }) } } }],
  [
    "app/api/products/[id]/route.ts",
    {
      module: productRoute,
      path: "/api/products/fuzz",
      params: idParams,
      served: {
        GET: {},
        PATCH: { body: () => ({ example: { name: "Renamed", description: "d", price: "12.50", sku: null, category: "Desks", stock: 5 } }) },
        DELETE: {},
      },
    },
  ],
  [
    "app/api/products/[id]/images/route.ts",
    { module: productImagesRoute, path: "/api/products/fuzz/images", params: idParams, served: { GET: {}, POST: { multipart: true } } },
  ],
  [
    "app/api/products/[id]/images/[imageId]/route.ts",
    {
      module: productImageRoute,
      path: "/api/products/fuzz/images/fuzz",
      params: imageParams,
      served: { PATCH: { body: () => ({ example: { alt: "Front view", position: 0 } }) }, DELETE: {} },
    },
  ],
  [
    "app/api/products/[id]/images/[imageId]/[width]/route.ts",
    {
      module: imageRenditionRoute,
      path: "/api/products/fuzz/images/fuzz/160",
      params: () =>
        fc
          .tuple(imageParams(), fc.oneof({ weight: 2, arbitrary: fc.constantFrom("160", "480", "1200", "200", "0", "01", "160.5") }, { weight: 1, arbitrary: nastyString }))
          .map(([params, width]) => ({ ...params, width })),
      served: {
        GET: {
          headers: () =>
            fc.oneof(
              fc.constant({}),
              fc.constantFrom("*", '"x"', "W/\"x\"", ",,").map((tag) => ({ "if-none-match": tag })),
              fc.string({ unit: "grapheme-ascii", maxLength: 200 }).map((value) => ({ cookie: `next-auth.session-token=${value.replace(/[;\r\n]/g, "")}` })),
            ),
        },
      },
    },
  ],
  ["app/api/products/[id]/submit/route.ts", { module: submitRoute, path: "/api/products/fuzz/submit", params: idParams, served: { POST: { body: () => ({ example: null }) } } }],
  ["app/api/products/import/route.ts", { module: importRoute, path: "/api/products/import", served: { POST: { multipart: true } } }],
  ["app/api/products/import/template/route.ts", { module: importTemplateRoute, path: "/api/products/import/template", served: { GET: {} } }],
  [
    "app/api/products/bulk/route.ts",
    {
      module: bulkRoute,
      path: "/api/products/bulk",
      // Ids that name no product: the fuzzer's successes must not move the seeded products along.
      served: { POST: { body: () => ({ example: { action: "reject", ids: ["7d3c1e0a-3b1f-4c55-9a57-2f6d8e9b0c11"], reason: "Fuzz" } }) } },
    },
  ],
  [
    "app/api/products/export/route.ts",
    {
      module: exportRoute,
      path: "/api/products/export",
      served: { GET: { query: () => ({ keys: ["format", "q", "status", "createdBy", "category", "sort"], examples: { format: "csv", sort: "price_desc" } }) } },
    },
  ],
  [
    "app/api/products/duplicates/route.ts",
    { module: duplicatesRoute, path: "/api/products/duplicates", served: { GET: { query: () => ({ keys: ["name", "sku", "excludeId"], examples: { name: "Desk" } }) } } },
  ],
  [
    "app/api/categories/route.ts",
    { module: categoriesRoute, path: "/api/categories", served: { GET: {}, POST: { body: () => ({ example: { name: "Fuzz category" } }) } } },
  ],
  [
    "app/api/categories/[id]/route.ts",
    { module: categoryRoute, path: "/api/categories/fuzz", params: idParams, served: { PATCH: { body: () => ({ example: { name: "Renamed category" } }) }, DELETE: {} } },
  ],
  [
    "app/api/categories/[id]/merge/route.ts",
    { module: categoryMergeRoute, path: "/api/categories/fuzz/merge", params: idParams, served: { POST: { body: () => ({ example: { into: "7d3c1e0a-3b1f-4c55-9a57-2f6d8e9b0c11" } }) } } },
  ],
  [
    "app/api/products/reviews/route.ts",
    { module: reviewsRoute, path: "/api/products/reviews", served: { GET: { query: () => ({ keys: pageKeys }) } } },
  ],
  [
    "app/api/products/internal/route.ts",
    { module: internalRoute, path: "/api/products/internal", served: { GET: { query: () => ({ keys: ["q", "status", "createdBy", "category", "sort", ...pageKeys] }) } } },
  ],
  ["app/api/products/limits/route.ts", { module: limitsRoute, path: "/api/products/limits", served: { GET: {} } }],
  [
    "app/api/products/route.ts",
    {
      module: productsRoute,
      path: "/api/products",
      served: {
        GET: { query: () => ({ keys: ["q", "business", "category", "minPrice", "maxPrice", "sort", "inStock", ...pageKeys] }) },
        POST: { body: () => ({ example: { name: "Fuzz desk", description: "A desk", price: "99.00", sku: null, category: "Desks", stock: 3 } }) },
      },
    },
  ],
  ["app/api/purchases/[id]/route.ts", { module: purchaseRoute, path: "/api/purchases/fuzz", params: idParams, served: { GET: {} } }],
  [
    "app/api/purchases/route.ts",
    {
      module: purchasesRoute,
      path: "/api/purchases",
      served: {
        GET: { query: () => ({ keys: ["userId", ...pageKeys] }) },
        POST: {
          body: () => ({ example: { productId: seeded.approved.id, quantity: 1, expectedUnitPrice: seeded.approved.price } }),
          headers: () =>
            fc.oneof(
              fc.constant({}),
              fc.string({ unit: "grapheme-ascii", maxLength: 300 }).map((key) => ({ "idempotency-key": key.replace(/[\r\n]/g, "") })),
            ),
        },
      },
    },
  ],
  [
    "app/api/users/[id]/route.ts",
    {
      module: userRoute,
      path: "/api/users/fuzz",
      params: idParams,
      served: { PATCH: { body: () => ({ example: { name: "Renamed", role: "editor", active: true } }) }, DELETE: {} },
    },
  ],
  [
    "app/api/users/route.ts",
    {
      module: usersRoute,
      path: "/api/users",
      served: {
        GET: { query: () => ({ keys: ["q", "role", "status", ...pageKeys] }) },
        POST: { body: () => ({ example: { email: "fuzz-user@example.test", name: "Fuzz", role: "viewer", password: TEST_PASSWORD } }) },
      },
    },
  ],
  [
    "app/api/api-keys/route.ts",
    {
      module: apiKeysRoute,
      path: "/api/api-keys",
      served: {
        GET: { query: () => ({ keys: pageKeys }) },
        POST: {
          body: () => ({
            example: { name: "Fuzz key", kind: "publishable", scopes: ["chat"], allowedOrigins: ["https://shop.example.com"], expiresAt: "2099-01-01T00:00:00Z" },
          }),
        },
      },
    },
  ],
  [
    "app/api/api-keys/[id]/route.ts",
    {
      module: apiKeyRoute,
      path: "/api/api-keys/fuzz",
      params: idParams,
      served: { PATCH: { body: () => ({ example: { name: "Renamed", allowedOrigins: ["https://shop.example.com"], scopes: ["chat"] } }) }, DELETE: {} },
    },
  ],
  ["app/api/business/identity-secret/route.ts", { module: identitySecretRoute, path: "/api/business/identity-secret", served: { GET: {}, POST: { body: () => ({ example: null }) } } }],
  [
    "app/api/business/wallet/route.ts",
    {
      module: walletRoute,
      path: "/api/business/wallet",
      served: { GET: { query: () => ({ keys: pageKeys }) }, POST: { body: () => ({ example: { amount: 10, reason: "fuzz" } }) } },
    },
  ],
  [
    "app/api/chat/sessions/[id]/files/route.ts",
    { module: sessionFilesRoute, path: "/api/chat/sessions/fuzz/files", params: idParams, served: { GET: {}, POST: { multipart: true } } },
  ],
  ["app/api/chat/files/route.ts", { module: newConversationFileRoute, path: "/api/chat/files", served: { POST: { multipart: true } } }],
  ["app/api/chat/files/[fileId]/route.ts", { module: fileRoute, path: "/api/chat/files/fuzz", params: () => ids().map((fileId) => ({ fileId })), served: { GET: {}, DELETE: {} } }],
  [
    "app/api/chat/files/[fileId]/query/route.ts",
    {
      module: fileQueryRoute,
      path: "/api/chat/files/fuzz/query",
      params: () => fc.oneof({ weight: 4, arbitrary: fc.constant(seeded.fileId) }, { weight: 1, arbitrary: ids() }).map((fileId) => ({ fileId })),
      served: {
        POST: {
          body: () => ({
            example: {
              q: "lamp",
              where: [
                { column: "name", op: "contains", value: "Desk" },
                { column: "price", op: "gte", value: 3 },
                { column: "added", op: "lt", value: "2024-03-01" },
                { column: "active", op: "eq", value: true },
              ],
              columns: ["name", "price"],
              orderBy: { column: "price", direction: "desc" },
              limit: 10,
              offset: 0,
            },
          }),
        },
      },
    },
  ],
  ["app/api/chat/bot-config/route.ts", { module: botConfigRoute, path: "/api/chat/bot-config", served: { GET: { headers: () => apiKeyHeaders } } }],
  ["app/api/chat/stats/summary/route.ts", { module: statsSummaryRoute, path: "/api/chat/stats/summary", served: { GET: { headers: () => apiKeyHeaders } } }],
  ["app/api/chat/stats/by-user/route.ts", { module: statsByUserRoute, path: "/api/chat/stats/by-user", served: { GET: { headers: () => apiKeyHeaders } } }],
  [
    "app/api/inbox/route.ts",
    {
      module: inboxRoute,
      path: "/api/inbox",
      served: {
        GET: {
          query: () => ({
            keys: ["status", "userId", "q", ...pageKeys],
            examples: { status: "needs_person", userId: team.viewer.id, q: "desk" },
          }),
        },
      },
    },
  ],
  ["app/api/inbox/[sessionId]/takeover/route.ts", { module: takeoverRoute, path: "/api/inbox/fuzz/takeover", params: () => ids().map((sessionId) => ({ sessionId })), served: { POST: {} } }],
  ["app/api/inbox/[sessionId]/handback/route.ts", { module: handbackRoute, path: "/api/inbox/fuzz/handback", params: () => ids().map((sessionId) => ({ sessionId })), served: { POST: {} } }],
  [
    "app/api/inbox/[sessionId]/reply/route.ts",
    {
      module: replyRoute,
      path: "/api/inbox/fuzz/reply",
      params: () => ids().map((sessionId) => ({ sessionId })),
      served: { POST: { body: () => ({ example: { message: "A person here: how can I help?" } }) } },
    },
  ],
  [
    "app/api/inbox/[sessionId]/read/route.ts",
    {
      module: readRoute,
      path: "/api/inbox/fuzz/read",
      params: () => ids().map((sessionId) => ({ sessionId })),
      served: { POST: { body: () => ({ example: { upToMessageId: seeded.sessionId } }) } },
    },
  ],
  [
    "app/api/chat/sessions/[id]/typing/route.ts",
    { module: typingRoute, path: "/api/chat/sessions/fuzz/typing", params: idParams, served: { POST: { body: () => ({ example: { on: true } }) } } },
  ],
  ["app/api/chat/sessions/[id]/handoff/route.ts", { module: handoffRoute, path: "/api/chat/sessions/fuzz/handoff", params: idParams, served: { POST: {}, DELETE: {} } }],
  [
    "app/api/events/route.ts",
    {
      module: eventsRoute,
      path: "/api/events",
      served: {
        GET: {
          openStream: true,
          headers: () =>
            fc.oneof(
              fc.constant({}),
              // A header value holds visible ASCII only (fetch refuses to build anything else).
              fc.record({ "last-event-id": fc.oneof(fc.constantFrom("0", "1", "-1", "99999999999999999999", "1e3", ""), nastyString.map((text) => text.replace(/[^\x20-\x7e]/g, "?"))) }),
            ),
        },
      },
    },
  ],
  ["app/api/shops/route.ts", { module: shopsRoute, path: "/api/shops", served: { GET: { query: () => ({ keys: pageKeys }) } } }],
  ["app/api/shops/[slug]/route.ts", { module: shopRoute, path: "/api/shops/fuzz", params: () => slugs().map((slug) => ({ slug })), served: { GET: {} } }],
  [
    "app/api/shops/[slug]/products/route.ts",
    {
      module: shopProductsRoute,
      path: "/api/shops/fuzz/products",
      params: () => slugs().map((slug) => ({ slug })),
      served: { GET: { query: () => ({ keys: shopListKeys, examples: { sort: "price_desc", inStock: "true", minPrice: "1.50" } }) } },
    },
  ],
  [
    "app/api/shops/[slug]/products/[product]/route.ts",
    {
      module: shopProductRoute,
      path: "/api/shops/fuzz/products/fuzz",
      params: () => fc.tuple(slugs(), ids()).map(([slug, product]) => ({ slug, product })),
      served: { GET: {} },
    },
  ],
  [
    "app/api/widget/sessions/route.ts",
    {
      module: widgetSessionsRoute,
      path: "/api/widget/sessions",
      served: {
        POST: {
          body: () => ({ example: { userIdentifier: "fuzz@example.com", userHash: "0".repeat(64), anonymousId: "fuzz-visitor-000001" } }),
          headers: () => apiKeyHeaders,
        },
      },
    },
  ],
];

// ---- turning a target into requests ---------------------------------------------------------

/** A multipart upload with hostile file names, cells, headers and JSON rows (or no file part at all). */
const multipartBody = fc
  .record({
    name: fc.oneof(fc.constantFrom("products.csv", "products.json", "a\u0000.csv", "noext", ""), nastyString),
    type: fc.constantFrom("text/csv", "application/json", "", "image/png"),
    content: fc.oneof(
      fc.array(fc.array(nastyString, { minLength: 1, maxLength: 6 }), { maxLength: 6 }).map((rows) =>
        ["name,description,price,sku,category,stock", ...rows.map((cells) => cells.map((cell) => `"${cell.replace(/"/g, '""')}"`).join(","))].join("\n"),
      ),
      fc.array(fc.dictionary(fc.constantFrom("name", "description", "price", "sku", "category", "stock"), nastyValue, { maxKeys: 6 })).map((rows) => JSON.stringify(rows)),
      nastyString,
    ),
    field: fc.constantFrom("file", "file", "file", "other"),
  })
  .map(({ name, type, content, field }) => {
    const form = new FormData();
    form.append(field, new File([content], name, { type }));
    return form;
  });

function requestArbitrary(target: Target, method: Method, input: Input): fc.Arbitrary<CallOptions<AnyParams>> {
  const body: fc.Arbitrary<FuzzBody | FormData | null> = input.multipart
    ? fc.oneof({ weight: 4, arbitrary: multipartBody }, { weight: 1, arbitrary: bodyArbitrary({}) })
    : input.body
      ? (() => {
          const { example, wrap } = input.body();
          const inner = bodyArbitrary(example);
          return wrap ? inner.map((fuzzed) => ("json" in fuzzed && fc.sample(fc.boolean(), 1)[0] ? { json: { [wrap]: fuzzed.json } } : fuzzed)) : inner;
        })()
      : fc.option(bodyArbitrary({}), { freq: 4, nil: null });
  const query = input.query ? queryArbitrary(input.query().keys, input.query().examples) : fc.constant("");
  return fc
    .record({
      token: tokens,
      params: target.params ? target.params() : fc.constant({}),
      body,
      query,
      headers: input.headers ? input.headers() : fc.constant({}),
    })
    .map(({ token, params, body: fuzzed, query: search, headers }) => {
      const request: CallOptions<AnyParams> = { method, path: `${target.path}${search}`, token, params, headers, ...(input.openStream ? { openStream: true } : {}) };
      // A GET cannot carry a body (fetch refuses to build one).
      if (method === "GET") return request;
      if (fuzzed instanceof FormData) return { ...request, rawBody: fuzzed };
      return withBody(request, fuzzed);
    });
}

const caseTimeout = 60_000 + FUZZ_RUNS * 400;

describe("fuzz: every route handler keeps the contract under hostile input", () => {
  for (const [file, target] of targets) {
    for (const [method, input] of Object.entries(target.served) as [Method, Input][]) {
      it(
        `${method} ${file}`,
        async () => {
          const handler = target.module[method];
          expect(handler, `${file} exports ${method}`).toBeTypeOf("function");
          const state = { fingerprint: null };
          await fc.assert(
            fc.asyncProperty(requestArbitrary(target, method, input), async (request) => {
              await checkCase(handler!, request, state);
            }),
            { numRuns: FUZZ_RUNS, seed: FUZZ_SEED },
          );
        },
        caseTimeout,
      );
    }

    const unserved = (["GET", "POST", "PUT", "PATCH", "DELETE"] as const).filter((method) => !target.served[method]);
    if (unserved.length > 0) {
      it(`${unserved.join(", ")} ${file} (not served)`, async () => {
        const state = { fingerprint: null };
        await fc.assert(
          fc.asyncProperty(
            fc.constantFrom(...unserved).chain((method) => requestArbitrary(target, method, { body: () => ({ example: {} }) })),
            async (request) => {
              const { status } = await checkCase(target.module[request.method as Method]!, request, state);
              expect(status).toBe(405);
            },
          ),
          { numRuns: Math.max(20, Math.round(FUZZ_RUNS / 10)), seed: FUZZ_SEED },
        );
      });
    }
  }
});

describe("fuzz: the harness sees what a request left in the tables", () => {
  it("a committed change moves its table's fingerprint; a read, a rolled-back write, or a row added and removed again move nothing", async () => {
    // Only the two tables this test writes are compared: work an earlier case of this file started
    // (a chat turn whose stream the harness cancelled, say) may still write to the others meanwhile —
    // a full run once saw the fingerprint of all tables move during this test.
    const touched = async () => {
      const { products, idempotency_keys } = await tableFingerprint();
      return { products, idempotency_keys };
    };
    // Every row changes and none can fail: the cases before may have stored a stock of 2^31 − 1,
    // where `stock + 1` is out of the column's range.
    const restock = sql`case when stock = 0 then 1 else 0 end`;
    const db = getDb();
    const start = await touched();
    await db.execute(sql`select count(*) from products`);
    expect(await touched()).toEqual(start);
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(sql`update products set stock = ${restock} where business_id = ${team.business.id}`);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await touched()).toEqual(start);
    await db.execute(sql`insert into idempotency_keys (key, business_id, user_id, scope, request_hash, expires_at) values ('harness', ${team.business.id}, ${team.admin.id}, 'harness', 'x', now() + interval '1 day')`);
    expect((await touched()).idempotency_keys).not.toEqual(start.idempotency_keys);
    await db.execute(sql`delete from idempotency_keys where key = 'harness'`);
    expect(await touched()).toEqual(start);
    await db.execute(sql`update products set stock = ${restock} where business_id = ${team.business.id}`);
    const after = await touched();
    expect(after.products).not.toEqual(start.products);
    expect(after.idempotency_keys).toEqual(start.idempotency_keys);
  });
});

describe("fuzz: the classes of input that used to answer 500", () => {
  it("a validly signed token whose subject is not a user id is 401 on every authenticated route", async () => {
    const token = (await signAccessToken({ ...team.admin, id: "00000000-not-a-uuid", businessId: team.business.id })).token;
    for (const handler of [meRoute.GET, balanceRoute.GET, businessRoute.GET, usersRoute.GET, dashboardRoute.GET]) {
      const response = await callRoute(handler as AnyHandler, { token });
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ error: "unauthorized" });
    }
  });

  it("an out-of-range date in the audit filters is a 400, whichever bound and form", async () => {
    const token = await tokenFor(team.admin);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("from", "to"), nastyDate, async (bound, date) => {
        const response = await callRoute(auditRoute.GET, { token, path: `/api/audit?${new URLSearchParams({ [bound]: date })}` });
        expect(response.status, `${bound}=${date}`).toBeLessThan(500);
        const instant = Date.parse(date);
        const outside = !Number.isNaN(instant) && (instant < Date.parse("0001-01-01T00:00:00Z") || instant > Date.parse("9999-12-31T23:59:59.999Z"));
        if (outside) expect(response.status, `${bound}=${date}`).toBe(400);
      }),
      { numRuns: FUZZ_RUNS, seed: FUZZ_SEED, examples: [["from", "0000-01-01"], ["to", "0001-01-01T00:00:00+14:00"], ["to", "9999-12-31T23:59:59-14:00"]] },
    );
  });
});
