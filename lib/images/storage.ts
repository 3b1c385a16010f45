import "server-only";
import type { Database } from "@/db/client";
import { etagOf } from "./process";
import { deleteImageBlobs, getImageBlob, insertImageBlobs } from "./queries";

/** One stored width of an image. */
export type StoredRendition = { width: number; contentType: string; etag: string; bytes: Uint8Array };

/**
 * Where the resized renditions of product images live. Each call gets the transaction of the change it
 * belongs to: a database-backed store commits or rolls back with it; another store (an object store) may
 * ignore it and must then tolerate a rolled-back put leaving unreferenced objects behind.
 */
export interface ImageStorage {
  /** Stores the renditions of one image; the ETag of each is derived from its bytes. */
  put(db: Database, input: { imageId: string; renditions: readonly { width: number; contentType: string; bytes: Uint8Array }[] }): Promise<void>;
  get(db: Database, input: { imageId: string; width: number }): Promise<StoredRendition | null>;
  /** Removes every rendition of these images. */
  delete(db: Database, input: { imageIds: readonly string[] }): Promise<void>;
}

/**
 * The default: renditions in Postgres (image_blobs), so every instance of the app serves every image on
 * either engine with nothing else to run, and an image's rows and bytes are written in one transaction.
 */
export const postgresImageStorage: ImageStorage = {
  async put(db, input) {
    await insertImageBlobs(db, {
      blobs: input.renditions.map((rendition) => ({
        imageId: input.imageId,
        width: rendition.width,
        contentType: rendition.contentType,
        etag: etagOf(rendition.bytes),
        bytes: rendition.bytes,
      })),
    });
  },
  async get(db, input) {
    const blob = await getImageBlob(db, input);
    return blob ? { width: input.width, ...blob } : null;
  },
  async delete(db, input) {
    await deleteImageBlobs(db, input);
  },
};

let current: ImageStorage = postgresImageStorage;

/** The store in use: Postgres unless the process installed another at start. */
export function imageStorage(): ImageStorage {
  return current;
}

/** Chooses the store for this process; called once at start, before any request is served. */
export function installImageStorage(storage: ImageStorage): void {
  current = storage;
}
