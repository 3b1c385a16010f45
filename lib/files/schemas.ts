import type { ChatFileColumn } from "@/db/schema";

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

/** At most this many files in one conversation. */
export const MAX_FILES_PER_SESSION = 5;
