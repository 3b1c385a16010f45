import type { ChatFileColumn } from "@/db/schema";
import type { FileCellValue } from "./query";

/** A chat file as the API returns it. */
export type ChatFileDto = {
  id: string;
  sessionId: string;
  name: string;
  type: "csv" | "tsv" | "json";
  size: number;
  rows: number;
  columns: ChatFileColumn[];
  summary: string;
  uploadedAt: string;
};

/** GET /api/chat/sessions/:id/files. */
export type ChatFileListDto = { count: number; results: ChatFileDto[] };

/** One record of POST /api/chat/files/:fileId/query: the asked columns and its 1-based `_row`. */
export type ChatFileRowDto = Record<string, FileCellValue> & { _row: number };

/** POST /api/chat/files/:fileId/query. */
export type ChatFileRowsDto = { count: number; results: ChatFileRowDto[] };

/** At most this many files in one conversation. */
export const MAX_FILES_PER_SESSION = 5;

/** What the chat's file picker offers; a dropped file is checked against the same kinds (components/chat/file-checks.ts). */
export const ATTACH_ACCEPT = ".csv,.tsv,.json,.txt,text/csv,application/json,text/tab-separated-values";

/** The largest file an upload accepts (the server's FILE_LIMITS.maxBytes), so the browser can refuse one before sending it. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
