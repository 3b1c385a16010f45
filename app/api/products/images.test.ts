import { and, eq } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import * as approveRoute from "@/app/api/products/[id]/approve/route";
import * as imageRoute from "@/app/api/products/[id]/images/[imageId]/route";
import * as renditionRoute from "@/app/api/products/[id]/images/[imageId]/[width]/route";
import * as imagesRoute from "@/app/api/products/[id]/images/route";
import * as productRoute from "@/app/api/products/[id]/route";
import * as rejectRoute from "@/app/api/products/[id]/reject/route";
import * as submitRoute from "@/app/api/products/[id]/submit/route";
import { getDb, transaction } from "@/db/client";
import { auditLog, imageBlobs, productImages, productRevisions, products, type ProductStatus } from "@/db/schema";
import { sessionCookieName } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { applyRevisionImages, imagesMissingAlt, revisionImageDtos } from "@/lib/images/service";
import { toolRuntimeFor } from "@/lib/chat/tools";
import { createProduct, createTeam, createUser, memberCaller } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";

type Team = Awaited<ReturnType<typeof createTeam>>;
type Member = Team["admin"];
let team: Team;
let other: Team;
let tokens: Record<"admin" | "editor" | "approver" | "viewer", string>;
let otherAdmin: string;

beforeAll(async () => {
  [team, other] = await Promise.all([createTeam(), createTeam()]);
  const [admin, editor, approver, viewer] = await Promise.all([team.admin, team.editor, team.approver, team.viewer].map(tokenFor));
  tokens = { admin: admin!, editor: editor!, approver: approver!, viewer: viewer! };
  otherAdmin = await tokenFor(other.admin);
});

function product(status: ProductStatus, extra: Partial<Parameters<typeof createProduct>[0]> = {}) {
  return createProduct({ businessId: team.business.id, createdBy: team.editor.id, status, ...extra });
}

/** A picture of `width`×`height` in a flat colour (the colour keeps the bytes, and so the ETag, apart). */
async function picture(width: number, height: number, format: "jpeg" | "png" | "webp" = "jpeg", red = 200): Promise<Uint8Array> {
  const buffer = await sharp({ create: { width, height, channels: 3, background: { r: red, g: 120, b: 40 } } })
    .toFormat(format)
    .toBuffer();
  return new Uint8Array(buffer);
}

function form(bytes: Uint8Array, options: { name?: string; type?: string; alt?: string } = {}) {
  const body = new FormData();
  body.append("file", new File([Buffer.from(bytes)], options.name ?? "photo.jpg", { type: options.type ?? "image/jpeg" }));
  if (options.alt !== undefined) body.append("alt", options.alt);
  return body;
}

function upload(productId: string, bytes: Uint8Array, options: { name?: string; type?: string; alt?: string; token?: string | null } = {}) {
  return callRoute(imagesRoute.POST, {
    method: "POST",
    token: options.token === undefined ? tokens.editor : options.token,
    params: { id: productId },
    rawBody: form(bytes, options),
  });
}

function patch(productId: string, imageId: string, body: unknown, token = tokens.editor) {
  return callRoute(imageRoute.PATCH, { method: "PATCH", token, params: { id: productId, imageId }, body });
}

function remove(productId: string, imageId: string, token = tokens.editor) {
  return callRoute(imageRoute.DELETE, { method: "DELETE", token, params: { id: productId, imageId } });
}

function gallery(productId: string, token = tokens.editor) {
  return callRoute(imagesRoute.GET, { token, params: { id: productId } });
}

/** GET of a rendition as a browser would: with a bearer token, a session cookie, neither, and maybe If-None-Match. */
function fetchRendition(
  input: { productId: string; imageId: string; width: number | string },
  options: { token?: string; cookie?: string; ifNoneMatch?: string } = {},
) {
  const headers: Record<string, string> = {};
  if (options.cookie) headers.cookie = options.cookie;
  if (options.ifNoneMatch) headers["if-none-match"] = options.ifNoneMatch;
  return callRoute(renditionRoute.GET, {
    token: options.token,
    headers,
    path: `/api/products/${input.productId}/images/${input.imageId}/${input.width}`,
    params: { id: input.productId, imageId: input.imageId, width: String(input.width) },
  });
}

/** The body of a rendition as bytes (callRoute reads bodies as text). */
async function renditionBytes(input: { productId: string; imageId: string; width: number }): Promise<Uint8Array> {
  const request = new NextRequest(new URL(`/api/products/${input.productId}/images/${input.imageId}/${input.width}`, "http://localhost"));
  const response = await renditionRoute.GET(request, { params: Promise.resolve({ id: input.productId, imageId: input.imageId, width: String(input.width) }) });
  expect(response.status).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
}

function setStatus(productId: string, status: ProductStatus) {
  const approval = status === "approved" ? { approvedAt: new Date(), approvedBy: team.approver.id } : {};
  return getDb().update(products).set({ status, ...approval }).where(eq(products.id, productId));
}

async function sessionCookie(user: Member): Promise<string> {
  const value = await encode({
    token: { sub: user.id, email: user.email, name: user.name, role: user.role, businessId: user.businessId },
    secret: env().NEXTAUTH_SECRET,
  });
  return `${sessionCookieName()}=${value}`;
}

async function imageRows(productId: string) {
  return getDb().select().from(productImages).where(eq(productImages.productId, productId)).orderBy(productImages.position);
}

async function imageAudits(productId: string) {
  const rows = await getDb()
    .select({ action: auditLog.action, summary: auditLog.summary, actorId: auditLog.actorId })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, "product"), eq(auditLog.entityId, productId)))
    .orderBy(auditLog.createdAt);
  return rows.filter((row) => row.action.startsWith("product.image_"));
}

describe("POST /api/products/:id/images", () => {
  it("an editor uploads a JPEG to a draft: 201 with the image, renditions stored as WebP at every width, audited", async () => {
    const draft = await product("draft");
    const response = await upload(draft.id, await picture(1600, 900), { alt: "  Oak desk from the front  " });
    expect(response.status).toBe(201);
    const image = response.body.image;
    expect(image).toEqual({
      id: expect.any(String),
      url: `/api/products/${draft.id}/images/${image.id}/480`,
      alt: "Oak desk from the front",
      position: 0,
      widths: [160, 480, 1200],
    });
    expect(response.body.images).toEqual([image]);
    expect(response.body.revision).toBeNull();

    const [row] = await imageRows(draft.id);
    expect(row).toMatchObject({ pending: false, originalWidth: 1600, originalHeight: 900, originalType: "image/jpeg", createdBy: team.editor.id });
    const blobs = await getDb().select().from(imageBlobs).where(eq(imageBlobs.imageId, image.id)).orderBy(imageBlobs.width);
    expect(blobs.map((blob) => [blob.width, blob.contentType])).toEqual([
      [160, "image/webp"],
      [480, "image/webp"],
      [1200, "image/webp"],
    ]);
    for (const blob of blobs) {
      const metadata = await sharp(blob.bytes).metadata();
      expect([metadata.format, metadata.width]).toEqual(["webp", blob.width]);
    }
    const audits = await imageAudits(draft.id);
    expect(audits).toEqual([
      expect.objectContaining({ action: "product.image_add", actorId: team.editor.id, summary: expect.objectContaining({ imageId: image.id, position: 0 }) }),
    ]);
  });

  it("keeps a small PNG at its own width, and a WebP without alt gets an empty alt", async () => {
    const draft = await product("draft");
    const png = await upload(draft.id, await picture(120, 90, "png"), { name: "icon.png", type: "image/png", alt: "Icon" });
    expect(png.status).toBe(201);
    expect(png.body.image.widths).toEqual([120]);
    expect(png.body.image.url).toBe(`/api/products/${draft.id}/images/${png.body.image.id}/120`);
    const webp = await upload(draft.id, await picture(700, 700, "webp"), { name: "side.webp", type: "image/webp" });
    expect(webp.status).toBe(201);
    expect(webp.body.image).toMatchObject({ alt: "", position: 1, widths: [160, 480] });
  });

  it("a text file named x.jpg is 400 invalid_request, whatever it claims to be, and nothing is stored", async () => {
    const draft = await product("draft");
    const text = new TextEncoder().encode("just some text pretending to be a photo\n");
    const response = await upload(draft.id, text, { name: "x.jpg", type: "image/jpeg" });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: "invalid_request", fields: { file: [expect.any(String)] } });
    const gif = await upload(draft.id, new Uint8Array(await sharp({ create: { width: 10, height: 10, channels: 3, background: "#fff" } }).gif().toBuffer()), {
      name: "x.png",
      type: "image/png",
    });
    expect(gif.status).toBe(400);
    expect(await imageRows(draft.id)).toEqual([]);
    expect(await imageAudits(draft.id)).toEqual([]);
  });

  it("6 MB is 413: refused from Content-Length before the body is read, and while reading when not declared", async () => {
    const draft = await product("draft");
    // Declared: the body sent is tiny, so only the header can have refused it.
    const declared = await callRoute(imagesRoute.POST, {
      method: "POST",
      token: tokens.editor,
      params: { id: draft.id },
      headers: { "content-type": "multipart/form-data; boundary=x", "content-length": String(6 * 1024 * 1024) },
      rawBody: "--x--",
    });
    expect(declared.status).toBe(413);
    expect(declared.body.error).toBe("payload_too_large");
    // The image's limit, as the image check says it, not the multipart body's (5 MB and 64 KB).
    expect(declared.body.detail).toBe("The image is larger than 5 MB.");
    // Undeclared: a FormData body carries no Content-Length, so the bounded reader counts it.
    const big = new Uint8Array(6 * 1024 * 1024);
    big.set([0xff, 0xd8, 0xff]);
    const streamed = await upload(draft.id, big);
    expect(streamed.status).toBe(413);
    expect(streamed.body.error).toBe("payload_too_large");
    expect(streamed.body.detail).toBe("The image is larger than 5 MB.");
    expect(await imageRows(draft.id)).toEqual([]);
  });

  it("a body that is not multipart is 415; a multipart without a file is 400", async () => {
    const draft = await product("draft");
    const json = await callRoute(imagesRoute.POST, { token: tokens.editor, params: { id: draft.id }, body: { file: "x" } });
    expect(json.status).toBe(415);
    const noFile = new FormData();
    noFile.append("alt", "No file here");
    const missing = await callRoute(imagesRoute.POST, { method: "POST", token: tokens.editor, params: { id: draft.id }, rawBody: noFile });
    expect(missing.status).toBe(400);
    expect(missing.body.fields.file).toBeDefined();
  });

  it("allows 8 images per product; the ninth is 409 with a clear message", async () => {
    const draft = await product("draft");
    const bytes = await picture(200, 100);
    for (let index = 0; index < 8; index++) expect((await upload(draft.id, bytes, { alt: `View ${index + 1}` })).status).toBe(201);
    const ninth = await upload(draft.id, bytes, { alt: "One too many" });
    expect(ninth.status).toBe(409);
    expect(ninth.body.detail).toMatch(/at most 8 images/);
    expect(await imageRows(draft.id)).toHaveLength(8);
  });

  it("eight concurrent uploads to a product holding four still stop at eight", async () => {
    const draft = await product("draft");
    const bytes = await picture(200, 100);
    for (let index = 0; index < 4; index++) expect((await upload(draft.id, bytes)).status).toBe(201);
    const statuses = (await Promise.all(Array.from({ length: 8 }, () => upload(draft.id, bytes)))).map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(4);
    expect(statuses.filter((status) => status === 409)).toHaveLength(4);
    expect((await imageRows(draft.id)).map((row) => row.position)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it("needs product:update and a product the caller may see: viewers and approvers 403, a pending product 409 for an editor", async () => {
    const draft = await product("draft");
    const bytes = await picture(200, 100);
    expect((await upload(draft.id, bytes, { token: tokens.viewer })).status).toBe(403);
    expect((await upload(draft.id, bytes, { token: tokens.approver })).status).toBe(403);
    expect((await upload(draft.id, bytes, { token: null })).status).toBe(401);
    expect((await upload("not-a-uuid", bytes)).status).toBe(404);
    expect((await upload(crypto.randomUUID(), bytes)).status).toBe(404);
    const pending = await product("pending_approval");
    const refused = await upload(pending.id, bytes);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe("invalid_transition");
    // As for its other fields, an admin may still change a product under review.
    expect((await upload(pending.id, bytes, { token: tokens.admin, alt: "Fixed by the admin" })).status).toBe(201);
  });
});

describe("PATCH and DELETE /api/products/:id/images/:imageId", () => {
  async function draftWith(count: number) {
    const draft = await product("draft");
    const ids: string[] = [];
    for (let index = 0; index < count; index++) {
      const response = await upload(draft.id, await picture(300, 200, "jpeg", 40 + index * 30), { alt: `Image ${index}` });
      ids.push(response.body.image.id);
    }
    return { draft, ids };
  }

  it("moves an image to a position, the others shift, in one change; alt text changes too; both audited", async () => {
    const { draft, ids } = await draftWith(4);
    const moved = await patch(draft.id, ids[3]!, { position: 0, alt: "Now the cover" });
    expect(moved.status).toBe(200);
    expect(moved.body.image).toMatchObject({ id: ids[3], position: 0, alt: "Now the cover" });
    const order = [ids[3], ids[0], ids[1], ids[2]];
    expect(moved.body.images.map((image: { id: string }) => image.id)).toEqual(order);
    expect(moved.body.images.map((image: { position: number }) => image.position)).toEqual([0, 1, 2, 3]);
    expect((await imageRows(draft.id)).map((row) => [row.id, row.position])).toEqual(order.map((id, position) => [id, position]));

    const back = await patch(draft.id, ids[3]!, { position: 2 });
    expect(back.body.images.map((image: { id: string }) => image.id)).toEqual([ids[0], ids[1], ids[3], ids[2]]);
    const altOnly = await patch(draft.id, ids[0]!, { alt: "Front view" });
    expect(altOnly.body.image).toMatchObject({ position: 0, alt: "Front view" });

    const listed = await gallery(draft.id);
    expect(listed.status).toBe(200);
    expect(listed.body.images.map((image: { id: string; alt: string }) => [image.id, image.alt])).toEqual([
      [ids[0], "Front view"],
      [ids[1], "Image 1"],
      [ids[3], "Now the cover"],
      [ids[2], "Image 2"],
    ]);
    const updates = (await imageAudits(draft.id)).filter((row) => row.action === "product.image_update");
    expect(updates).toHaveLength(3);
    expect(updates[0]!.summary).toMatchObject({ before: { position: 3, alt: "Image 3" }, after: { position: 0, alt: "Now the cover" } });
  });

  it("an editor who changes another's draft gallery becomes its editor (who may not approve that version)", async () => {
    const { draft, ids } = await draftWith(2);
    const colleague = await createUser({ businessId: team.business.id, role: "editor" });
    expect((await patch(draft.id, ids[1]!, { position: 0, alt: "Side view first" }, await tokenFor(colleague))).status).toBe(200);
    const [row] = await getDb().select({ editedBy: products.editedBy }).from(products).where(eq(products.id, draft.id));
    expect(row!.editedBy).toBe(colleague.id);
  });

  it("refuses a position past the last image (400), unknown fields (400), an empty change (400) and an unknown image (404)", async () => {
    const { draft, ids } = await draftWith(2);
    const past = await patch(draft.id, ids[0]!, { position: 2 });
    expect(past.status).toBe(400);
    expect(past.body.fields.position).toBeDefined();
    expect((await patch(draft.id, ids[0]!, { position: 1, pending: false })).status).toBe(400);
    expect((await patch(draft.id, ids[0]!, {})).status).toBe(400);
    expect((await patch(draft.id, ids[0]!, { alt: "x".repeat(301) })).status).toBe(400);
    expect((await patch(draft.id, crypto.randomUUID(), { alt: "Nope" })).status).toBe(404);
    expect((await patch(draft.id, "nope", { alt: "Nope" })).status).toBe(404);
    expect((await imageRows(draft.id)).map((row) => row.id)).toEqual(ids);
  });

  it("deletes an image with its renditions; the positions close up; audited", async () => {
    const { draft, ids } = await draftWith(3);
    const response = await remove(draft.id, ids[0]!);
    expect(response.status).toBe(204);
    expect((await imageRows(draft.id)).map((row) => [row.id, row.position])).toEqual([
      [ids[1], 0],
      [ids[2], 1],
    ]);
    expect(await getDb().select().from(imageBlobs).where(eq(imageBlobs.imageId, ids[0]!))).toEqual([]);
    expect((await fetchRendition({ productId: draft.id, imageId: ids[0]!, width: 160 }, { token: tokens.editor })).status).toBe(404);
    expect((await remove(draft.id, ids[0]!)).status).toBe(404);
    expect((await imageAudits(draft.id)).filter((row) => row.action === "product.image_remove")).toEqual([
      expect.objectContaining({ summary: expect.objectContaining({ imageId: ids[0], position: 0 }) }),
    ]);
  });

  it("viewers and approvers may not change images (403); another business's ids are 404", async () => {
    const { draft, ids } = await draftWith(1);
    expect((await patch(draft.id, ids[0]!, { alt: "x" }, tokens.viewer)).status).toBe(403);
    expect((await remove(draft.id, ids[0]!, tokens.approver)).status).toBe(403);
    expect((await patch(draft.id, ids[0]!, { alt: "Mine now" }, otherAdmin)).status).toBe(404);
    expect((await remove(draft.id, ids[0]!, otherAdmin)).status).toBe(404);
    expect((await upload(draft.id, await picture(200, 100), { token: otherAdmin })).status).toBe(404);
    expect((await gallery(draft.id, otherAdmin)).status).toBe(404);
    expect((await imageRows(draft.id)).map((row) => [row.id, row.alt])).toEqual([[ids[0], "Image 0"]]);
  });
});

describe("GET /api/products/:id/images/:imageId/:width", () => {
  it("a draft's image is 404 for the public, a viewer and another business; staff get it by bearer or session cookie, never cached", async () => {
    const draft = await product("draft");
    const { body } = await upload(draft.id, await picture(600, 400), { alt: "Draft picture" });
    const target = { productId: draft.id, imageId: body.image.id as string, width: 480 };

    for (const options of [{}, { token: tokens.viewer }, { cookie: await sessionCookie(team.viewer) }, { token: otherAdmin }, { cookie: await sessionCookie(other.admin) }]) {
      const hidden = await fetchRendition(target, options);
      expect(hidden.status).toBe(404);
      expect(hidden.headers.get("content-type")).toContain("application/json");
      expect(hidden.body.error).toBe("not_found");
    }
    for (const options of [{ token: tokens.editor }, { cookie: await sessionCookie(team.editor) }, { cookie: await sessionCookie(team.admin) }]) {
      const shown = await fetchRendition(target, options);
      expect(shown.status).toBe(200);
      expect(shown.headers.get("content-type")).toBe("image/webp");
      expect(shown.headers.get("cache-control")).toBe("private, no-store");
      expect(shown.headers.get("etag")).toMatch(/^"[A-Za-z0-9_-]+"$/);
    }
    // Approvers do not see drafts.
    expect((await fetchRendition(target, { cookie: await sessionCookie(team.approver) })).status).toBe(404);
    // A cookie that does not verify is no session: the public's answer.
    expect((await fetchRendition(target, { cookie: `${sessionCookieName()}=forged` })).status).toBe(404);
  });

  it("an approved product's image is public with a year-long immutable cache, an ETag and a 304 on revalidation", async () => {
    const draft = await product("draft");
    const { body } = await upload(draft.id, await picture(1300, 700), { alt: "Live picture" });
    await setStatus(draft.id, "approved");
    const target = { productId: draft.id, imageId: body.image.id as string, width: 1200 };

    const first = await fetchRendition(target);
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe("image/webp");
    expect(first.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(Number(first.headers.get("content-length"))).toBeGreaterThan(0);
    const bytes = await renditionBytes(target);
    expect(bytes.byteLength).toBe(Number(first.headers.get("content-length")));
    expect(await sharp(bytes).metadata()).toMatchObject({ format: "webp", width: 1200 });

    const again = await fetchRendition(target, { ifNoneMatch: etag });
    expect(again.status).toBe(304);
    expect(again.text).toBe("");
    expect(again.headers.get("etag")).toBe(etag);
    expect((await fetchRendition(target, { ifNoneMatch: `W/${etag}, "other"` })).status).toBe(304);
    expect((await fetchRendition(target, { ifNoneMatch: '"something-else"' })).status).toBe(200);

    // Another business's member sees exactly what the public sees.
    const asOther = await fetchRendition(target, { token: otherAdmin });
    expect(asOther.status).toBe(200);
    expect(asOther.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(asOther.headers.get("etag")).toBe(etag);
  });

  it("a width not stored, a malformed width or id, and an image of another product are 404", async () => {
    const draft = await product("draft");
    const elsewhere = await product("draft");
    const { body } = await upload(draft.id, await picture(300, 200), { alt: "Small" });
    const imageId = body.image.id as string;
    for (const width of [480, 1200, 0, -160, "160.0", "abc", "99999999"]) {
      expect((await fetchRendition({ productId: draft.id, imageId, width }, { token: tokens.editor })).status).toBe(404);
    }
    expect((await fetchRendition({ productId: draft.id, imageId, width: 160 }, { token: tokens.editor })).status).toBe(200);
    expect((await fetchRendition({ productId: elsewhere.id, imageId, width: 160 }, { token: tokens.editor })).status).toBe(404);
    expect((await fetchRendition({ productId: draft.id, imageId: "nope", width: 160 }, { token: tokens.editor })).status).toBe(404);
  });

  it("a bad bearer token is 401, as on every route", async () => {
    const draft = await product("draft");
    const { body } = await upload(draft.id, await picture(300, 200));
    const response = await fetchRendition({ productId: draft.id, imageId: body.image.id, width: 160 }, { token: "not.a.token" });
    expect(response.status).toBe(401);
  });
});

describe("images of an approved product go through its revision", () => {
  it("an upload waits in the open revision; the live gallery stays public and unchanged until approval swaps it", async () => {
    const live = await product("approved", { approvedBy: team.approver.id, approvedAt: new Date() });
    // The live gallery: two images, uploaded while it was a draft.
    await setStatus(live.id, "draft");
    const first = await upload(live.id, await picture(500, 300, "jpeg", 10), { alt: "Live cover" });
    const kept = await upload(live.id, await picture(500, 300, "jpeg", 60), { alt: "Live side" });
    await setStatus(live.id, "approved");
    const coverId = first.body.image.id as string;
    const sideId = kept.body.image.id as string;

    const added = await upload(live.id, await picture(800, 600, "png", 120), { name: "new.png", type: "image/png", alt: "New angle" });
    expect(added.status).toBe(201);
    const newId = added.body.image.id as string;
    expect(added.body.revision).toMatchObject({ id: expect.any(String), status: "draft" });
    expect(added.body.images.map((image: { id: string }) => image.id)).toEqual([coverId, sideId, newId]);
    const [row] = await getDb().select().from(productImages).where(eq(productImages.id, newId));
    expect(row!.pending).toBe(true);
    const [revision] = await getDb().select().from(productRevisions).where(eq(productRevisions.productId, live.id));
    expect(revision!.images).toEqual([
      { id: coverId, alt: "Live cover" },
      { id: sideId, alt: "Live side" },
      { id: newId, alt: "New angle" },
    ]);

    // Reorder and drop a live image in the revision: the live rows do not move.
    expect((await patch(live.id, newId, { position: 0 })).status).toBe(200);
    expect((await remove(live.id, sideId)).status).toBe(204);
    expect((await imageRows(live.id)).filter((image) => !image.pending).map((image) => [image.id, image.position])).toEqual([
      [coverId, 0],
      [sideId, 1],
    ]);

    // The public: the live gallery, and the pending image does not exist for them.
    const publicView = await callRoute(productRoute.GET, { params: { id: live.id } });
    expect(publicView.status).toBe(200);
    expect(publicView.body.images.map((image: { id: string }) => image.id)).toEqual([coverId, sideId]);
    expect((await fetchRendition({ productId: live.id, imageId: sideId, width: 160 })).status).toBe(200);
    for (const options of [{}, { token: tokens.viewer }, { cookie: await sessionCookie(team.viewer) }]) {
      expect((await fetchRendition({ productId: live.id, imageId: newId, width: 480 }, options)).status).toBe(404);
    }
    // Staff who may see the change: its editor and an admin; an approver not before it is submitted.
    for (const member of [team.editor, team.admin]) {
      const staffView = await fetchRendition({ productId: live.id, imageId: newId, width: 480 }, { cookie: await sessionCookie(member) });
      expect(staffView.status, member.role).toBe(200);
      expect(staffView.headers.get("cache-control")).toBe("private, no-store");
    }
    expect((await fetchRendition({ productId: live.id, imageId: newId, width: 480 }, { cookie: await sessionCookie(team.approver) })).status).toBe(404);

    // The manager shows the revision's gallery.
    const edited = await gallery(live.id);
    expect(edited.body.revision).toMatchObject({ status: "draft" });
    expect(edited.body.images.map((image: { id: string; position: number }) => [image.id, image.position])).toEqual([
      [newId, 0],
      [coverId, 1],
    ]);

    // Submitted by the editor, approved by the approver: the revision's gallery goes live at once.
    expect((await callRoute(submitRoute.POST, { method: "POST", token: tokens.editor, params: { id: live.id } })).status).toBe(200);
    expect((await fetchRendition({ productId: live.id, imageId: newId, width: 480 }, { token: tokens.approver })).status).toBe(200);
    expect((await upload(live.id, await picture(200, 100), { alt: "Too late" })).status).toBe(409);
    const approved = await callRoute(approveRoute.POST, { method: "POST", token: tokens.approver, params: { id: live.id } });
    expect(approved.status).toBe(200);
    const after = await callRoute(productRoute.GET, { params: { id: live.id } });
    expect(after.body.images.map((image: { id: string; alt: string; position: number }) => [image.id, image.alt, image.position])).toEqual([
      [newId, "New angle", 0],
      [coverId, "Live cover", 1],
    ]);
    expect((await imageRows(live.id)).map((image) => [image.id, image.pending])).toEqual([
      [newId, false],
      [coverId, false],
    ]);
    expect(await getDb().select().from(imageBlobs).where(eq(imageBlobs.imageId, sideId))).toEqual([]);
    const nowPublic = await fetchRendition({ productId: live.id, imageId: newId, width: 480 });
    expect(nowPublic.status).toBe(200);
    expect(nowPublic.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect((await fetchRendition({ productId: live.id, imageId: sideId, width: 160 })).status).toBe(404);
  });

  it("removing a pending image from the revision deletes it; the live images stay", async () => {
    const live = await product("approved", { approvedBy: team.approver.id, approvedAt: new Date() });
    const added = await upload(live.id, await picture(300, 300), { alt: "Pending only" });
    expect(added.status).toBe(201);
    expect((await remove(live.id, added.body.image.id)).status).toBe(204);
    expect(await imageRows(live.id)).toEqual([]);
    const [revision] = await getDb().select().from(productRevisions).where(eq(productRevisions.productId, live.id));
    expect(revision!.images).toEqual([]);
  });
});

describe("alt text on a version under review", () => {
  const approve = (id: string) => callRoute(approveRoute.POST, { method: "POST", token: tokens.approver, params: { id } });

  it("an admin's upload without alt text to a pending product or a pending change keeps it from approval (409) until the image is described", async () => {
    const pending = await product("pending_approval");
    // The image manager uploads first and asks for the description after: the upload itself is taken.
    const undescribed = await upload(pending.id, await picture(200, 100), { token: tokens.admin });
    expect(undescribed.status).toBe(201);
    const refused = await approve(pending.id);
    expect(refused.status, JSON.stringify(refused.body)).toBe(409);
    expect(refused.body).toMatchObject({ error: "conflict", fields: { images: [expect.stringContaining("no alt text")] } });
    expect((await getDb().select({ status: products.status }).from(products).where(eq(products.id, pending.id)))[0]!.status).toBe("pending_approval");
    expect((await patch(pending.id, undescribed.body.image.id, { alt: "Front" }, tokens.admin)).status).toBe(200);
    expect((await approve(pending.id)).body).toMatchObject({ status: "approved", images: [{ alt: "Front" }] });

    // A live product's change under review: the same for its gallery, and the live version stays as it was.
    const live = await product("approved", { approvedBy: team.approver.id, approvedAt: new Date() });
    expect((await upload(live.id, await picture(200, 100), { alt: "Cover" })).status).toBe(201);
    expect((await callRoute(submitRoute.POST, { method: "POST", token: tokens.editor, params: { id: live.id } })).status).toBe(200);
    const added = await upload(live.id, await picture(200, 100, "jpeg", 30), { token: tokens.admin, alt: "  " });
    expect(added.status).toBe(201);
    expect((await approve(live.id)).status).toBe(409);
    const publicView = await callRoute(productRoute.GET, { params: { id: live.id } });
    expect(publicView.body.images).toEqual([]);
    expect((await imageRows(live.id)).map((row) => row.pending)).toEqual([true, true]);
    // Blanking a description the submit checked is refused the same way at approval.
    expect((await patch(live.id, added.body.image.id, { alt: "Side" }, tokens.admin)).status).toBe(200);
    expect((await patch(live.id, added.body.images[0].id, { alt: "" }, tokens.admin)).status).toBe(200);
    expect((await approve(live.id)).status).toBe(409);
    expect((await patch(live.id, added.body.images[0].id, { alt: "Cover" }, tokens.admin)).status).toBe(200);
    const approved = await approve(live.id);
    expect(approved.body.images.map((image: { alt: string }) => image.alt)).toEqual(["Cover", "Side"]);
  });

  it("a version with an image lacking alt text is not approved (409), the product and its change stay as they were; rejecting it still works", async () => {
    const pending = await product("pending_approval");
    // A version under review with an undescribed picture, however it came to have one.
    await getDb().insert(productImages).values({
      productId: pending.id, businessId: team.business.id, position: 0, alt: "", widths: [160], originalWidth: 200, originalHeight: 200, originalType: "image/png", originalBytes: 100,
    });
    const refused = await approve(pending.id);
    expect(refused.status, JSON.stringify(refused.body)).toBe(409);
    expect(refused.body).toMatchObject({ error: "conflict", fields: { images: [expect.stringContaining("alt text")] } });
    const [row] = await getDb().select({ status: products.status, approvedBy: products.approvedBy }).from(products).where(eq(products.id, pending.id));
    expect(row).toEqual({ status: "pending_approval", approvedBy: null });
    const rejected = await callRoute(rejectRoute.POST, { method: "POST", token: tokens.approver, params: { id: pending.id }, body: { reason: "Describe the picture" } });
    expect(rejected.status).toBe(200);

    const live = await product("approved", { approvedBy: team.approver.id, approvedAt: new Date(), name: "Live vase" });
    expect((await callRoute(productRoute.PATCH, { method: "PATCH", token: tokens.editor, params: { id: live.id }, body: { name: "Live vase, blue" } })).status).toBe(200);
    const [image] = await getDb().insert(productImages).values({
      productId: live.id, businessId: team.business.id, position: 0, alt: "", pending: true, widths: [160], originalWidth: 200, originalHeight: 200, originalType: "image/png", originalBytes: 100,
    }).returning();
    await getDb().update(productRevisions).set({ status: "pending_approval", submittedBy: team.editor.id, submittedAt: new Date(), images: [{ id: image!.id, alt: "" }] }).where(eq(productRevisions.productId, live.id));
    const refusedChange = await approve(live.id);
    expect(refusedChange.status).toBe(409);
    const [after] = await getDb().select({ name: products.name }).from(products).where(eq(products.id, live.id));
    expect(after!.name).toBe("Live vase");
    const [revision] = await getDb().select({ status: productRevisions.status }).from(productRevisions).where(eq(productRevisions.productId, live.id));
    expect(revision!.status).toBe("pending_approval");
    expect((await imageRows(live.id)).map((row) => row.pending)).toEqual([true]);
  });
});

describe("images in the assistant's product cards", () => {
  it("a card carries the product's cover at a thumbnail width, served publicly; a product without images has none", async () => {
    const teapot = await createProduct({ businessId: team.business.id, createdBy: team.editor.id, status: "draft", name: "Carded teapot" });
    await upload(teapot.id, await picture(900, 600, "jpeg", 90), { alt: "Teapot, glazed blue" });
    await upload(teapot.id, await picture(900, 600, "jpeg", 30), { alt: "Teapot lid" });
    await setStatus(teapot.id, "approved");
    const bare = await product("approved", { approvedBy: team.approver.id, approvedAt: new Date() });
    const tools = toolRuntimeFor(memberCaller(team.viewer));
    const [cover] = (await imageRows(teapot.id)).filter((row) => row.position === 0);

    const shown = await tools.run("get_product", { productId: teapot.id });
    expect(shown.products).toEqual([
      expect.objectContaining({ id: teapot.id, image: { url: `/api/products/${teapot.id}/images/${cover!.id}/160`, alt: "Teapot, glazed blue" } }),
    ]);
    const served = await fetchRendition({ productId: teapot.id, imageId: cover!.id, width: 160 });
    expect(served.status).toBe(200);
    expect(served.headers.get("cache-control")).toContain("public");

    const plain = await tools.run("get_product", { productId: bare.id });
    expect(plain.products?.[0]).not.toHaveProperty("image");
  });
});

describe("the helpers the product workflow calls", () => {
  it("imagesMissingAlt counts the live images, or a revision's list, without alt text", async () => {
    const draft = await product("draft");
    await upload(draft.id, await picture(200, 100), { alt: "Described" });
    const blank = await upload(draft.id, await picture(200, 100), { alt: "   " });
    await upload(draft.id, await picture(200, 100));
    const ref = { productId: draft.id, businessId: team.business.id };
    expect(await imagesMissingAlt(getDb(), ref)).toBe(2);
    expect(await imagesMissingAlt(getDb(), { ...ref, businessId: other.business.id })).toBe(0);
    expect(await imagesMissingAlt(getDb(), { ...ref, images: [{ id: blank.body.image.id, alt: "Now described" }, { id: "x", alt: "" }] })).toBe(1);
  });

  it("applyRevisionImages makes the listed images live in order with their alt, and deletes the rest", async () => {
    const draft = await product("draft");
    const ids: string[] = [];
    for (const alt of ["A", "B", "C"]) ids.push((await upload(draft.id, await picture(200, 100), { alt })).body.image.id);
    await getDb().update(productImages).set({ pending: true }).where(eq(productImages.id, ids[2]!));
    const live = await transaction((tx) =>
      applyRevisionImages(tx, {
        productId: draft.id,
        businessId: team.business.id,
        images: [
          { id: ids[2]!, alt: "C, now live" },
          { id: ids[0]!, alt: "A" },
          { id: crypto.randomUUID(), alt: "gone" },
        ],
      }),
    );
    expect(live.map((image) => [image.id, image.alt, image.position])).toEqual([
      [ids[2], "C, now live", 0],
      [ids[0], "A", 1],
    ]);
    expect((await imageRows(draft.id)).map((row) => [row.id, row.position, row.pending])).toEqual([
      [ids[2], 0, false],
      [ids[0], 1, false],
    ]);
    expect(await getDb().select().from(imageBlobs).where(eq(imageBlobs.imageId, ids[1]!))).toEqual([]);
    const dtos = await revisionImageDtos(getDb(), { productId: draft.id, images: [{ id: ids[0]!, alt: "first" }, { id: ids[1]!, alt: "deleted" }] });
    expect(dtos).toEqual([{ id: ids[0], alt: "first", position: 0, widths: [160], url: `/api/products/${draft.id}/images/${ids[0]}/160` }]);
  });
});
