import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, chatFiles, chatSessions } from "@/db/schema";
import { createSession } from "@/lib/chat/service";
import { AppError } from "@/lib/errors";
import { MAX_JSON_DEPTH } from "@/lib/http";
import { createBusiness, createUser, memberCaller } from "@/test/factories";
import { aggregateFileRows, fileAggregateSchema, type FileAggregate } from "./query";
import { startConversationWithFile, uploadChatFile } from "./service";

/** A member of a new business and a conversation of theirs. */
async function memberWithSession() {
  const business = await createBusiness();
  const user = await createUser({ businessId: business.id });
  const caller = memberCaller(user);
  const session = await createSession(caller, { title: "Files" });
  return { business, caller, sessionId: session.id };
}

type Member = Awaited<ReturnType<typeof memberWithSession>>;

function upload(member: Member, name: string, text: string) {
  return uploadChatFile(member.caller, { sessionId: member.sessionId, name, text, size: Buffer.byteLength(text) });
}

/** The AppError an upload is refused with; fails the test when it succeeds or fails any other way. */
async function refusal(attempt: Promise<unknown>): Promise<AppError> {
  const error = await attempt.then(
    () => new Error("the file was accepted"),
    (failure: unknown) => failure,
  );
  if (error instanceof AppError) return error;
  throw error;
}

async function sum(member: Member, fileId: string, column: string): Promise<unknown> {
  const [file] = await getDb().select().from(chatFiles).where(eq(chatFiles.id, fileId));
  const aggregate = fileAggregateSchema.parse({ fn: "sum", column }) as FileAggregate;
  const { results } = await aggregateFileRows(getDb(), { file: file!, aggregate });
  return results[0]?.value;
}

const filesOf = async (businessId: string) => (await getDb().select().from(chatFiles).where(eq(chatFiles.businessId, businessId))).length;

describe("bad input to a chat file upload is a 400 or a correct upload, never a database error", () => {
  it("reads numbers padded with Unicode spaces, as spreadsheets export them, as numbers Postgres sums", async () => {
    const member = await memberWithSession();
    // A trailing no-break space, a leading figure space, an ideographic space on both sides.
    const file = await upload(member, "prices.csv", "name,price\nDesk,12\u00a0\nLamp,\u20073.5\nChair,\u30004\u3000\n");
    expect(file.columns[1]).toMatchObject({ name: "price", type: "number", min: 3.5, max: 12 });
    expect(await sum(member, file.id, "price")).toBe(19.5);
    // A column a later record makes text keeps the file's text.
    const mixed = await upload(member, "mixed.csv", "price\n12\u00a0\nask us\n");
    expect(mixed.columns[0]).toMatchObject({ name: "price", type: "text" });
  });

  it("reads as text a number Postgres's numeric cannot hold, however small JavaScript makes it", async () => {
    const member = await memberWithSession();
    const file = await upload(member, "tiny.csv", `a,b,c\n1e-1000000,0.${"0".repeat(17_000)}1,2\n`);
    expect(file.columns.map((column) => column.type)).toEqual(["text", "text", "integer"]);
  });

  it(`refuses JSON nested deeper than ${MAX_JSON_DEPTH} levels with a 400 naming the limit and the record, storing nothing`, async () => {
    const member = await memberWithSession();
    const depth = 200_000;
    const deep = `[{"a": 1}, {"a": ${"[".repeat(depth)}${"]".repeat(depth)}}]`;
    const error = await refusal(upload(member, "deep.json", deep));
    expect(error.code).toBe("invalid_request");
    expect(error.extra).toEqual({ row: 2 });
    expect(error.detail).toContain(`deeper than ${MAX_JSON_DEPTH} levels`);
    const started = await refusal(startConversationWithFile(member.caller, { name: "deep.json", text: deep, size: deep.length }));
    expect(started.code).toBe("invalid_request");
    expect(await filesOf(member.business.id)).toBe(0);
    const sessions = await getDb().select().from(chatSessions).where(eq(chatSessions.businessId, member.business.id));
    expect(sessions).toHaveLength(1);
    // Up to the limit the nesting is kept as JSON text.
    const nested = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;
    const deepest = await upload(member, "ok.json", `[{"a": ${nested(MAX_JSON_DEPTH - 1)}}]`);
    expect(deepest.columns).toEqual([{ name: "a", type: "text", nulls: 0 }]);
    expect((await refusal(upload(member, "over.json", `[{"a": ${nested(MAX_JSON_DEPTH)}}]`))).extra).toEqual({ row: 1 });
  });

  it("cuts a long file name ending in an emoji between characters, never inside one, for both upload routes", async () => {
    const member = await memberWithSession();
    const name = `${"a".repeat(254)}😀.csv`;
    const attached = await upload(member, name, "name,price\nDesk,12\n");
    expect(attached.name).toBe(`${"a".repeat(254)}😀`);
    const started = await startConversationWithFile(member.caller, { name, text: "name\nDesk\n", size: 10 });
    expect(started.file.name).toBe(attached.name);
    const audited = await getDb()
      .select({ name: sql<string>`${auditLog.summary}->>'name'` })
      .from(auditLog)
      .where(and(eq(auditLog.action, "chat.file_upload"), eq(auditLog.entityId, attached.id)));
    expect(audited).toEqual([{ name: attached.name }]);
  });
});
