import "server-only";
import { createHash } from "node:crypto";
import sharp, { type Metadata } from "sharp";
import { AppError } from "@/lib/errors";

/** Largest upload accepted, before any decoding. */
export const IMAGE_MAX_BYTES = 5 * 1024 * 1024;
export const IMAGE_TOO_LARGE = `The image is larger than ${IMAGE_MAX_BYTES / 1024 / 1024} MB.`;

/** The widths every upload is resized to (never wider than the original), ascending. */
export const IMAGE_WIDTHS = [160, 480, 1200] as const;

/**
 * Largest decoded picture accepted: a small, highly compressed file can still decode to gigabytes
 * (a "decompression bomb"); 40 megapixels is more than any product photo needs.
 */
export const IMAGE_MAX_PIXELS = 40_000_000;

export const IMAGE_CONTENT_TYPES = { jpeg: "image/jpeg", png: "image/png", webp: "image/webp" } as const;

export type ImageFormat = keyof typeof IMAGE_CONTENT_TYPES;

export type Rendition = { width: number; height: number; contentType: "image/webp"; bytes: Uint8Array };

export type ProcessedImage = {
  original: { width: number; height: number; type: (typeof IMAGE_CONTENT_TYPES)[ImageFormat]; bytes: number };
  /** One WebP per stored width, ascending. */
  renditions: Rendition[];
};

function notAnImage(detail: string): AppError {
  return new AppError("invalid_request", detail, { fields: { file: [detail] } });
}

/**
 * The format the first bytes announce. Only these three signatures ever reach the decoder, so a file
 * that libvips could also read (SVG, TIFF, PDF, HEIF…) is refused whatever its name or declared type.
 */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | null {
  const starts = (offset: number, signature: number[]) => signature.every((byte, index) => bytes[offset + index] === byte);
  if (starts(0, [0xff, 0xd8, 0xff])) return "jpeg";
  if (starts(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  // RIFF <size> WEBP
  if (starts(0, [0x52, 0x49, 0x46, 0x46]) && starts(8, [0x57, 0x45, 0x42, 0x50])) return "webp";
  return null;
}

/** The widths stored for a picture `originalWidth` wide: the standard ones that fit, or the original width alone when it is narrower than all of them. */
export function renditionWidths(originalWidth: number): number[] {
  const fitting = IMAGE_WIDTHS.filter((width) => width <= originalWidth);
  return fitting.length > 0 ? fitting : [originalWidth];
}

/** A strong validator for stored bytes: they never change, so neither does this. */
export function etagOf(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("base64url").slice(0, 32);
}

/**
 * Checks an upload and resizes it: JPEG, PNG or WebP by its bytes (400 otherwise, and 400 when it does
 * not decode), at most IMAGE_MAX_BYTES (413) and IMAGE_MAX_PIXELS (400); turned upright by its EXIF
 * orientation; one WebP per width of renditionWidths, with every metadata block (EXIF, GPS, XMP) dropped.
 */
export async function processImage(input: Uint8Array): Promise<ProcessedImage> {
  if (input.byteLength > IMAGE_MAX_BYTES) {
    throw new AppError("payload_too_large", IMAGE_TOO_LARGE);
  }
  const format = sniffImageFormat(input);
  if (!format) throw notAnImage("The file is not a JPEG, PNG or WebP image.");

  // failOn "error": a truncated or corrupt file is refused here rather than half-decoded into a grey picture.
  const options = { limitInputPixels: IMAGE_MAX_PIXELS, failOn: "error", sequentialRead: true } as const;
  let metadata: Metadata;
  try {
    // Only the header is read here, so the pixel limit is checked below with a clear message.
    metadata = await sharp(input, { ...options, limitInputPixels: false }).metadata();
  } catch {
    throw notAnImage("The file could not be read as an image.");
  }
  if (metadata.format !== format || !metadata.width || !metadata.height) {
    throw notAnImage("The file is not a valid JPEG, PNG or WebP image.");
  }
  if (metadata.width * metadata.height > IMAGE_MAX_PIXELS) {
    throw notAnImage(`The image is too large: at most ${IMAGE_MAX_PIXELS / 1_000_000} megapixels.`);
  }
  // What the picture measures once turned upright (EXIF orientations 5–8 swap width and height).
  const upright = metadata.autoOrient ?? { width: metadata.width, height: metadata.height };

  let renditions: Rendition[];
  try {
    // Output carries no metadata unless asked for (keepExif/keepMetadata), so nothing of the original's EXIF survives.
    const base = sharp(input, { ...options, sequentialRead: false }).autoOrient();
    renditions = await Promise.all(
      renditionWidths(upright.width).map(async (width) => {
        const { data, info } = await base
          .clone()
          .resize({ width, withoutEnlargement: true })
          .webp({ quality: 80, effort: 4 })
          .toBuffer({ resolveWithObject: true });
        return { width: info.width, height: info.height, contentType: "image/webp" as const, bytes: new Uint8Array(data) };
      }),
    );
  } catch {
    throw notAnImage("The image could not be decoded.");
  }
  return {
    original: { width: upright.width, height: upright.height, type: IMAGE_CONTENT_TYPES[format], bytes: input.byteLength },
    renditions,
  };
}
