import "server-only";
import type { z } from "zod";
import { getDb, transaction, type Database } from "@/db/client";
import type { ChatFile, chatFiles, ChatSession } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { ChatCaller } from "@/lib/auth/caller";
import { getOwnedSession } from "@/lib/chat/queries";
import type { ChatSessionDto } from "@/lib/chat/schemas";
import {
  assertMayChat,
  assertNotExpired,
  auditActorOf,
  auditVia,
  endUserOfCall,
  insertNewSession,
  ownerOf,
  readableSession,
  requireOwnedSession,
  sessionDtoOf,
} from "@/lib/chat/service";
import { AppError, notFound } from "@/lib/errors";
import { firstChars, unstorableText } from "@/lib/http";
import { isUuid } from "@/lib/ids";
import type { RequestContext } from "@/lib/request-context";
import { detectFileKind, FileParseError, readTabularFile, summarizeFile, type FileChunk } from "./parse";
import {
  aggregateFileRows,
  fileAggregateSchema,
  fileQuerySchema,
  matchFileToCatalog,
  queryFileRows,
  type FileCellValue,
  type FileQuery,
} from "./query";
import {
  completeFile,
  countSessionFiles,
  deleteFileRow,
  FILE_CHUNK_ROWS,
  getFileInBusiness,
  insertFile,
  insertFileChunk,
  listSessionFiles,
  settleFileNumbers,
} from "./queries";
import { MAX_FILES_PER_SESSION, type ChatFileDto } from "./schemas";

export function toFileDto(file: ChatFile): ChatFileDto {
  return {
    id: file.id,
    sessionId: file.sessionId,
    name: file.name,
    type: file.kind,
    size: file.sizeBytes,
    rows: file.rowCount,
    columns: file.columns,
    summary: file.summary,
    uploadedAt: file.createdAt.toISOString(),
  };
}

/**
 * Reads a file and stores it inside the caller's transaction: the file's row first (its cells refer to
 * it), then each chunk of cells as soon as it is read, while the next is parsed, then what only the whole
 * file decides (numeric copies, the size, columns and summary). A file that cannot be read throws FileParseError, and the
 * transaction then discards whatever part was stored.
 */
export async function storeChatFile(
  tx: Database,
  input: Omit<typeof chatFiles.$inferInsert, "id" | "createdAt" | "kind" | "rowCount" | "columns" | "summary"> & { text: string },
): Promise<ChatFile> {
  const { text, ...fields } = input;
  const file = await insertFile(tx, { ...fields, kind: detectFileKind(text, fields.name), rowCount: 0, columns: [], summary: "" });
  const writes: Promise<void>[] = [];
  const onChunk = (chunk: FileChunk) => {
    const write = insertFileChunk(tx, { fileId: file.id, businessId: file.businessId, chunk });
    // Awaited below, after the whole file is read; handled now so a failure is not reported as unhandled meanwhile.
    write.catch(() => {});
    writes.push(write);
  };
  let reading;
  try {
    reading = await readTabularFile(text, fields.name, { chunkRows: FILE_CHUNK_ROWS, onChunk });
  } finally {
    // Nothing may still be running on the transaction when it ends, by an error or not.
    await Promise.allSettled(writes);
  }
  await Promise.all(writes);
  const numeric = reading.columns.flatMap((column, position) => (column.type === "integer" || column.type === "number" ? [position] : []));
  // Rarely any chunk to settle: each is read the careful way, as if its numbers were formatted.
  await settleFileNumbers(tx, { fileId: file.id, businessId: file.businessId, numeric, formatted: numeric });
  return completeFile(tx, {
    fileId: file.id,
    businessId: file.businessId,
    rowCount: reading.rowCount,
    columns: reading.columns,
    summary: summarizeFile(fields.name, reading),
  });
}

function unreadable(error: FileParseError): AppError {
  return new AppError("invalid_request", `The file cannot be read: ${error.message}`, {
    fields: { file: [error.message] },
    ...(error.row !== null ? { extra: { row: error.row } } : {}),
  });
}

/** The longest file name stored, in characters (code points, as Postgres counts them). */
const MAX_FILE_NAME_CHARS = 255;

/** A file name as stored: trimmed, at most 255 characters; one that cannot be stored is a 400. */
function storableFileName(name: string): string {
  const problem = unstorableText(name);
  if (problem) throw new AppError("invalid_request", `The file name cannot be stored. ${problem}`, { fields: { file: [problem] } });
  const trimmed = name.trim();
  return firstChars(trimmed, MAX_FILE_NAME_CHARS) || "file";
}

type FileUpload = { name: string; text: string; size: number };

/** Reads and stores the file into the locked session with its audit entry; a file that cannot be read is a 400 naming the row. */
async function attachFile(tx: Database, caller: ChatCaller, session: ChatSession, upload: FileUpload, ctx: RequestContext): Promise<ChatFileDto> {
  const name = storableFileName(upload.name);
  try {
    const file = await storeChatFile(tx, {
      businessId: caller.businessId,
      sessionId: session.id,
      uploadedBy: caller.kind === "member" ? caller.actor.id : null,
      endUserId: session.endUserId,
      name,
      sizeBytes: upload.size,
      text: upload.text,
    });
    await recordAudit(tx, {
      ...auditActorOf(caller),
      action: "chat.file_upload",
      entityType: "chat_file",
      entityId: file.id,
      summary: { name, rows: file.rowCount, sessionId: session.id, ...auditVia(caller) },
      requestId: ctx.requestId,
    });
    return toFileDto(file);
  } catch (error) {
    if (error instanceof FileParseError) throw unreadable(error);
    throw error;
  }
}

/**
 * Attaches a customer's file to the caller's own conversation: read and stored whole in one transaction
 * with its cells, or not at all (a refusal names the row). At most MAX_FILES_PER_SESSION per
 * conversation, counted under the session's lock so two uploads cannot both take the last place. 404 for
 * anyone else's session; 410 for an API or widget conversation past its business's timeout.
 */
export async function uploadChatFile(caller: ChatCaller, input: FileUpload & { sessionId: string }, ctx: RequestContext = {}): Promise<ChatFileDto> {
  const session = await requireOwnedSession(caller, input.sessionId);
  storableFileName(input.name);
  return transaction(async (tx) => {
    const locked = await getOwnedSession(tx, { sessionId: session.id, owner: ownerOf(caller), lock: "update" });
    if (!locked) throw notFound("Chat session");
    // A conversation that takes no more messages takes no more files either.
    await assertNotExpired(tx, locked);
    if ((await countSessionFiles(tx, { sessionId: session.id, businessId: caller.businessId })) >= MAX_FILES_PER_SESSION) {
      throw new AppError("conflict", `A conversation holds at most ${MAX_FILES_PER_SESSION} files; delete one first.`);
    }
    return attachFile(tx, caller, locked, input, ctx);
  });
}

/**
 * A new conversation that starts with a file: the conversation and the file are stored in one
 * transaction, so a file that cannot be read (or a request that breaks off) leaves no empty
 * conversation behind, and the conversation is announced only with its file.
 */
export async function startConversationWithFile(
  caller: ChatCaller,
  input: FileUpload & { userIdentifier?: string },
  ctx: RequestContext = {},
): Promise<{ session: ChatSessionDto; file: ChatFileDto }> {
  assertMayChat(caller);
  storableFileName(input.name);
  // A widget visitor's conversation is their end user's; a secret key's, the end user it names. The
  // answer names them as the session list does.
  // Named in the same transaction: a refused file leaves no end user behind either.
  const { session, file, endUser } = await transaction(async (tx) => {
    const named = await endUserOfCall(tx, caller, input.userIdentifier);
    const opened = await insertNewSession(tx, caller, { endUser: named });
    return { session: opened, file: await attachFile(tx, caller, opened, input, ctx), endUser: named };
  });
  return { session: await sessionDtoOf(session, endUser), file };
}

/** The files of a conversation the caller may read (its owner, or an admin of the business). */
export async function listChatFiles(caller: ChatCaller, input: { sessionId: string }): Promise<{ count: number; results: ChatFileDto[] }> {
  const session = await readableSession(caller, input.sessionId);
  const files = await listSessionFiles(getDb(), { sessionId: session.id, businessId: caller.businessId });
  return { count: files.length, results: files.map(toFileDto) };
}

/**
 * The file when the caller may reach its conversation (`read`: its owner or an admin of the business;
 * `own`: its owner only); 404 otherwise, another user's or business's file included.
 */
async function reachableFile(caller: ChatCaller, fileId: string, access: "read" | "own"): Promise<ChatFile> {
  assertMayChat(caller);
  const file = isUuid(fileId) ? await getFileInBusiness(getDb(), { fileId, businessId: caller.businessId }) : null;
  if (!file) throw notFound("File");
  try {
    await (access === "read" ? readableSession(caller, file.sessionId) : requireOwnedSession(caller, file.sessionId));
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") throw notFound("File");
    throw error;
  }
  return file;
}

export async function getChatFile(caller: ChatCaller, input: { fileId: string }): Promise<ChatFileDto> {
  return toFileDto(await reachableFile(caller, input.fileId, "read"));
}

/** Deletes a file of the caller's own conversation with its records, audited; 404 for anyone else's. */
export async function deleteChatFile(caller: ChatCaller, input: { fileId: string }, ctx: RequestContext = {}): Promise<void> {
  const file = await reachableFile(caller, input.fileId, "own");
  await transaction(async (tx) => {
    if (!(await deleteFileRow(tx, { fileId: file.id, businessId: caller.businessId }))) throw notFound("File");
    await recordAudit(tx, {
      ...auditActorOf(caller),
      action: "chat.file_delete",
      entityType: "chat_file",
      entityId: file.id,
      summary: { name: file.name, sessionId: file.sessionId, ...auditVia(caller) },
      requestId: ctx.requestId,
    });
  });
}

/** One file's records, filtered, ordered and paged, when the caller may read its conversation. */
export async function queryChatFile(caller: ChatCaller, input: { fileId: string; query: FileQuery }) {
  const file = await reachableFile(caller, input.fileId, "read");
  return queryFileRows(getDb(), { file, query: input.query });
}

// ---- for the assistant ------------------------------------------------------------------------

/** How many first records of each file the assistant's prompt shows as a sample. */
const SAMPLE_ROWS = 3;

export type FileWithSample = { file: ChatFile; sample: Record<string, FileCellValue>[] };

/**
 * A conversation's files, oldest first, each with its first records, for one turn of the assistant.
 * The turn has already checked that the conversation is the caller's.
 */
export async function listFilesForTurn(scope: { businessId: string; sessionId: string }): Promise<FileWithSample[]> {
  const db = getDb();
  const files = await listSessionFiles(db, scope);
  return Promise.all(
    files.map(async (file) => {
      const { results } = await queryFileRows(db, { file, query: fileQuerySchema.parse({ limit: SAMPLE_ROWS }) });
      return { file, sample: results };
    }),
  );
}

/** What the assistant asked of a file: records, one aggregate, or the records that are catalog products. */
export type FileToolRequest =
  | { kind: "rows"; query: unknown }
  | { kind: "aggregate"; aggregate: unknown }
  | { kind: "match_catalog"; limit: number };

/**
 * Runs one request of the assistant on one file of its conversation. The request is validated with the
 * same grammar as the query endpoint (400 `invalid_request` with the reason when it does not fit the file).
 */
export async function runFileToolRequest(file: ChatFile, request: FileToolRequest) {
  const db = getDb();
  switch (request.kind) {
    case "rows":
      return { kind: "rows" as const, ...(await queryFileRows(db, { file, query: parseOrInvalid(fileQuerySchema, request.query) })) };
    case "aggregate":
      return { kind: "aggregate" as const, ...(await aggregateFileRows(db, { file, aggregate: parseOrInvalid(fileAggregateSchema, request.aggregate) })) };
    case "match_catalog":
      return { kind: "match_catalog" as const, ...(await matchFileToCatalog(db, { file, limit: request.limit })) };
  }
}

function parseOrInvalid<S extends typeof fileQuerySchema | typeof fileAggregateSchema>(schema: S, value: unknown) {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first?.path.length ? `${first.path.join(".")}: ` : "";
    throw new AppError("invalid_request", `${where}${first?.message ?? "Invalid query."}`);
  }
  return parsed.data as z.output<S>;
}
