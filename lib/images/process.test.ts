import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { etagOf, IMAGE_MAX_BYTES, processImage, renditionWidths, sniffImageFormat } from "./process";

/** A picture with a left half red and a right half blue, so orientation can be read back from the pixels. */
async function picture(options: { width: number; height: number; format: "jpeg" | "png" | "webp" | "gif"; orientation?: number }): Promise<Uint8Array> {
  const half = Math.floor(options.width / 2);
  const base = sharp({ create: { width: options.width, height: options.height, channels: 3, background: { r: 220, g: 20, b: 20 } } }).composite([
    {
      input: { create: { width: options.width - half, height: options.height, channels: 3, background: { r: 20, g: 20, b: 220 } } },
      left: half,
      top: 0,
    },
  ]);
  // Flattened first: a composite cannot also carry EXIF through the same pipeline.
  let pipeline = sharp(await base.png().toBuffer());
  if (options.orientation) pipeline = pipeline.withExif({ IFD0: { Copyright: "secret camera owner" } }).withMetadata({ orientation: options.orientation });
  return new Uint8Array(await pipeline.toFormat(options.format).toBuffer());
}

async function refusal(input: Uint8Array): Promise<AppError> {
  const error = await processImage(input).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("renditionWidths", () => {
  it("keeps the standard widths that fit, and the original width alone when it is narrower than all", () => {
    expect(renditionWidths(2000)).toEqual([160, 480, 1200]);
    expect(renditionWidths(1200)).toEqual([160, 480, 1200]);
    expect(renditionWidths(600)).toEqual([160, 480]);
    expect(renditionWidths(160)).toEqual([160]);
    expect(renditionWidths(90)).toEqual([90]);
  });
});

describe("sniffImageFormat", () => {
  it("reads JPEG, PNG and WebP from their signatures and nothing else", async () => {
    expect(sniffImageFormat(await picture({ width: 20, height: 10, format: "jpeg" }))).toBe("jpeg");
    expect(sniffImageFormat(await picture({ width: 20, height: 10, format: "png" }))).toBe("png");
    expect(sniffImageFormat(await picture({ width: 20, height: 10, format: "webp" }))).toBe("webp");
    expect(sniffImageFormat(await picture({ width: 20, height: 10, format: "gif" }))).toBeNull();
    expect(sniffImageFormat(new TextEncoder().encode("<svg xmlns='http://www.w3.org/2000/svg'/>"))).toBeNull();
    expect(sniffImageFormat(new Uint8Array())).toBeNull();
  });
});

describe("processImage", () => {
  it.each([
    { format: "jpeg" as const, width: 2000, height: 1000, widths: [160, 480, 1200], type: "image/jpeg" },
    { format: "png" as const, width: 600, height: 300, widths: [160, 480], type: "image/png" },
    { format: "webp" as const, width: 100, height: 80, widths: [100], type: "image/webp" },
  ])("a $format $width×$height becomes WebP at $widths, never upscaled", async ({ format, width, height, widths, type }) => {
    const input = await picture({ width, height, format });
    const processed = await processImage(input);
    expect(processed.original).toEqual({ width, height, type, bytes: input.byteLength });
    expect(processed.renditions.map((rendition) => rendition.width)).toEqual(widths);
    for (const rendition of processed.renditions) {
      const metadata = await sharp(rendition.bytes).metadata();
      expect(metadata.format).toBe("webp");
      expect(rendition.contentType).toBe("image/webp");
      expect(metadata.width).toBe(rendition.width);
      // Aspect ratio kept (to the pixel).
      expect(Math.abs(metadata.height - Math.round((rendition.width * height) / width))).toBeLessThanOrEqual(1);
    }
  });

  it("turns a picture upright by its EXIF orientation and strips the metadata", async () => {
    // Orientation 6: stored 400×200, shown rotated 90° clockwise, i.e. 200 wide and 400 high, red on top.
    const input = await picture({ width: 400, height: 200, format: "jpeg", orientation: 6 });
    const source = await sharp(input).metadata();
    expect(source.orientation).toBe(6);
    expect(source.exif?.toString("latin1")).toContain("secret camera owner");
    const processed = await processImage(input);
    expect(processed.original).toMatchObject({ width: 200, height: 400 });
    const [smallest] = processed.renditions;
    expect(smallest!.width).toBe(160);
    const metadata = await sharp(smallest!.bytes).metadata();
    expect(metadata.height).toBe(320);
    expect(metadata.exif).toBeUndefined();
    expect(metadata.xmp).toBeUndefined();
    expect(metadata.orientation).toBeUndefined();
    const { data } = await sharp(smallest!.bytes).raw().toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number) => [...data.subarray((y * 160 + x) * 3, (y * 160 + x) * 3 + 3)];
    const [topR, , topB] = pixel(80, 20);
    const [bottomR, , bottomB] = pixel(80, 300);
    expect(topR).toBeGreaterThan(150);
    expect(topB).toBeLessThan(100);
    expect(bottomB).toBeGreaterThan(150);
    expect(bottomR).toBeLessThan(100);
  });

  it("refuses text, other formats and corrupt files as 400 invalid_request", async () => {
    const text = new TextEncoder().encode("This is not a picture, whatever its name says.\n");
    const gif = await picture({ width: 20, height: 10, format: "gif" });
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
    const png = await picture({ width: 50, height: 50, format: "png" });
    const truncated = png.subarray(0, 40);
    const jpegHeaderOnly = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]);
    for (const input of [text, gif, svg, truncated, jpegHeaderOnly]) {
      const error = await refusal(input);
      expect(error.code).toBe("invalid_request");
      expect(error.fields?.file?.length).toBeGreaterThan(0);
    }
  });

  it("refuses more than 5 MB as 413 before decoding", async () => {
    const error = await refusal(new Uint8Array(6 * 1024 * 1024));
    expect(error.code).toBe("payload_too_large");
    expect(error.status).toBe(413);
    expect((await refusal(new Uint8Array(IMAGE_MAX_BYTES + 1))).code).toBe("payload_too_large");
  });

  it("refuses a picture of more than 40 megapixels (a decompression bomb) as 400", async () => {
    const huge = new Uint8Array(await sharp({ create: { width: 8000, height: 6000, channels: 3, background: "#ffffff" } }).png({ compressionLevel: 9 }).toBuffer());
    expect(huge.byteLength).toBeLessThan(IMAGE_MAX_BYTES);
    const error = await refusal(huge);
    expect(error.code).toBe("invalid_request");
    expect(error.detail).toMatch(/megapixels/);
  });

  it("gives the same bytes the same ETag, and different bytes another", () => {
    const a = etagOf(new Uint8Array([1, 2, 3]));
    expect(etagOf(new Uint8Array([1, 2, 3]))).toBe(a);
    expect(etagOf(new Uint8Array([1, 2, 4]))).not.toBe(a);
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });
});
