"use client";

import { api, definedOnly, isHttpError } from "@/lib/api-client";

/**
 * Saves an authenticated download: the token lives in memory only, so a plain link cannot carry it; the
 * file is fetched with it and handed to the browser under the server's file name. A refusal rejects
 * with the server's JSON error in `response.data`, as every other call does.
 */
export async function saveDownload(path: string, params: Record<string, unknown>, fallbackName: string): Promise<void> {
  let response;
  try {
    response = await api.get<Blob>(path, { params: definedOnly(params), responseType: "blob" });
  } catch (error) {
    // Asked for a blob, the error's JSON arrives as one too.
    if (isHttpError(error) && error.response?.data instanceof Blob) {
      try {
        error.response.data = JSON.parse(await error.response.data.text());
      } catch {
        // Not JSON: the error stays as it came.
      }
    }
    throw error;
  }
  const disposition = String(response.headers["content-disposition"] ?? "");
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(response.data);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // After the click has handed the blob to the download.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
