"use client";

import { useEffect, useId, useRef, useState, type DragEvent } from "react";
import { Badge, Button, Dialog, ErrorState, Skeleton, cn } from "@/components/ui";
import { controlClasses } from "@/components/ui/control-classes";
import {
  useDeleteProductImage,
  useProductImages,
  useUpdateProductImage,
  useUploadProductImage,
  type ProductImageDto,
} from "@/hooks/use-product-images";
import { errorMessage } from "@/lib/api-client";
import { ALT_MAX, IMAGE_UPLOAD_MAX_BYTES, IMAGE_UPLOAD_TYPES, imageUrl, MAX_IMAGES_PER_PRODUCT, pickWidth } from "@/lib/images/schemas";
import { toast } from "@/lib/toast";

export type ImageManagerProps = {
  /** The product whose gallery this edits; null before the product is first saved (an upload needs its id). */
  productId: string | null;
  /** The gallery without controls: for a role that may not edit, or a product while it is being reviewed. */
  readOnly?: boolean;
  className?: string;
};

/** A file on its way up: its local preview, how far the upload got, and why it failed if it did. */
/** `unreadable`: the browser could not show the file as a picture (then it stands as a plain tile, not a broken image). */
type Upload = { key: string; name: string; preview: string; progress: number; error: string | null; unreadable?: boolean };

const THUMBNAIL_WIDTH = 160;

const carriesFiles = (event: DragEvent) => Array.from(event.dataTransfer.types).includes("Files");

function thumbnailOf(productId: string, image: ProductImageDto): string {
  return imageUrl({ productId, imageId: image.id, width: pickWidth(image.widths, THUMBNAIL_WIDTH) });
}

/** Why a chosen file cannot be uploaded, checked before sending (the server checks the bytes again). */
function problemWith(file: File): string | null {
  if (!(IMAGE_UPLOAD_TYPES as readonly string[]).includes(file.type)) return `${file.name}: only JPEG, PNG and WebP images can be added.`;
  if (file.size > IMAGE_UPLOAD_MAX_BYTES) return `${file.name}: the image is larger than 5 MB.`;
  return null;
}

/**
 * The product form's gallery: add images by button or by dropping them (each previewed with its upload
 * progress), describe each with alt text (saved when the field is left), reorder with buttons that keep
 * keyboard focus on the moved image, and remove. The first image is the cover everywhere the product shows.
 */
export function ImageManager({ productId, readOnly = false, className }: ImageManagerProps) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className={cn("rounded-lg border border-border bg-surface p-4 shadow-sm", className)}>
      {productId ? (
        <Gallery productId={productId} readOnly={readOnly} headingId={headingId} />
      ) : (
        <>
          <h2 id={headingId} className="text-base font-semibold text-fg">
            Images
          </h2>
          <p className="mt-1 text-sm text-fg-muted">Save the product first, then add up to {MAX_IMAGES_PER_PRODUCT} images.</p>
        </>
      )}
    </section>
  );
}

function Gallery({ productId, readOnly, headingId }: { productId: string; readOnly: boolean; headingId: string }) {
  const gallery = useProductImages(productId);
  const upload = useUploadProductImage(productId);
  const update = useUpdateProductImage(productId);
  const remove = useDeleteProductImage(productId);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [problems, setProblems] = useState<string[]>([]);
  const [announcement, setAnnouncement] = useState("");
  const [over, setOver] = useState(false);
  const [removing, setRemoving] = useState<ProductImageDto | null>(null);
  const depth = useRef(0);
  const fileInput = useRef<HTMLInputElement>(null);
  const moveButtons = useRef(new Map<string, HTMLButtonElement | null>());
  // The image whose move button had focus: focus returns to it once the moved list is back and enabled.
  const refocus = useRef<{ imageId: string; direction: "up" | "down" } | null>(null);
  // Uploads run one after another, in the order chosen, so the gallery ends in that order.
  const queue = useRef<Promise<void>>(Promise.resolve());
  const previews = useRef(new Set<string>());

  useEffect(() => {
    const urls = previews.current;
    return () => urls.forEach((url) => URL.revokeObjectURL(url));
  }, []);

  const images = gallery.data?.images ?? [];
  const revision = gallery.data?.revision ?? null;
  const inFlight = uploads.filter((item) => item.error === null).length;
  const room = MAX_IMAGES_PER_PRODUCT - images.length - inFlight;
  const busy = update.isPending || remove.isPending;

  useEffect(() => {
    const wanted = refocus.current;
    if (!wanted || busy) return;
    refocus.current = null;
    // On the same button, or on the other one when the image reached either end.
    const same = moveButtons.current.get(`${wanted.imageId}:${wanted.direction}`);
    const other = moveButtons.current.get(`${wanted.imageId}:${wanted.direction === "up" ? "down" : "up"}`);
    (same && !same.disabled ? same : other)?.focus();
  });

  const patchUpload = (key: string, changes: Partial<Upload>) =>
    setUploads((current) => current.map((item) => (item.key === key ? { ...item, ...changes } : item)));

  const dropUpload = (key: string) => {
    setUploads((current) => {
      const item = current.find((candidate) => candidate.key === key);
      if (item) {
        URL.revokeObjectURL(item.preview);
        previews.current.delete(item.preview);
      }
      return current.filter((candidate) => candidate.key !== key);
    });
  };

  const addFiles = (files: File[]) => {
    if (readOnly || files.length === 0) return;
    const refused: string[] = [];
    const accepted: { file: File; item: Upload }[] = [];
    for (const file of files) {
      const problem = problemWith(file);
      if (problem) refused.push(problem);
      else if (accepted.length >= room) refused.push(`${file.name}: a product has at most ${MAX_IMAGES_PER_PRODUCT} images.`);
      else {
        const preview = URL.createObjectURL(file);
        previews.current.add(preview);
        accepted.push({ file, item: { key: crypto.randomUUID(), name: file.name, preview, progress: 0, error: null } });
      }
    }
    setProblems(refused);
    if (accepted.length === 0) return;
    setUploads((current) => [...current, ...accepted.map(({ item }) => item)]);
    for (const { file, item } of accepted) {
      queue.current = queue.current.then(async () => {
        try {
          await upload.mutateAsync({ file, onProgress: (progress) => patchUpload(item.key, { progress }) });
          dropUpload(item.key);
          setAnnouncement(`${file.name} added.`);
        } catch (error) {
          patchUpload(item.key, { error: errorMessage(error, "The upload failed.") });
        }
      });
    }
  };

  const move = (image: ProductImageDto, to: number, direction: "up" | "down") => {
    refocus.current = { imageId: image.id, direction };
    update.mutate(
      { imageId: image.id, changes: { position: to } },
      {
        onSuccess: (result) => setAnnouncement(`Image moved to position ${to + 1} of ${result.images.length}.`),
        onError: (error) => {
          refocus.current = null;
          toast.error(errorMessage(error, "The image could not be moved."));
        },
      },
    );
  };

  const confirmRemove = () => {
    if (!removing) return;
    const target = removing;
    remove.mutate(target.id, {
      onSuccess: () => {
        setRemoving(null);
        setAnnouncement("Image removed.");
        toast.success("Image removed");
      },
      onError: (error) => toast.error(errorMessage(error, "The image could not be removed.")),
    });
  };

  const dragHandlers = readOnly
    ? {}
    : {
        onDragEnter: (event: DragEvent<HTMLDivElement>) => {
          if (!carriesFiles(event)) return;
          event.preventDefault();
          depth.current += 1;
          setOver(true);
        },
        onDragOver: (event: DragEvent<HTMLDivElement>) => {
          if (!carriesFiles(event)) return;
          event.preventDefault();
          event.dataTransfer.dropEffect = "copy";
        },
        onDragLeave: (event: DragEvent<HTMLDivElement>) => {
          if (!carriesFiles(event)) return;
          depth.current = Math.max(0, depth.current - 1);
          if (depth.current === 0) setOver(false);
        },
        onDrop: (event: DragEvent<HTMLDivElement>) => {
          if (!carriesFiles(event)) return;
          event.preventDefault();
          depth.current = 0;
          setOver(false);
          addFiles(Array.from(event.dataTransfer.files));
        },
      };

  const missingAlt = images.filter((image) => image.alt.trim() === "").length;

  return (
    <div {...dragHandlers} data-testid="image-manager" className="@container relative">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 id={headingId} className="text-base font-semibold text-fg">
            Images
          </h2>
          <p className="mt-0.5 text-sm text-fg-muted">
            {images.length} of {MAX_IMAGES_PER_PRODUCT} · JPEG, PNG or WebP up to 5 MB · the first is the cover
          </p>
        </div>
        {readOnly ? null : (
          <>
            <input
              ref={fileInput}
              type="file"
              accept={IMAGE_UPLOAD_TYPES.join(",")}
              multiple
              hidden
              aria-label="Choose images to add"
              data-testid="image-file-input"
              onChange={(event) => {
                addFiles(Array.from(event.target.files ?? []));
                event.target.value = "";
              }}
            />
            <Button variant="secondary" size="sm" onClick={() => fileInput.current?.click()} disabled={room <= 0}>
              Add images
            </Button>
          </>
        )}
      </div>

      {revision ? (
        <p className="mt-3 rounded-md bg-surface-muted px-3 py-2 text-sm text-fg-muted">
          {revision.status === "pending_approval"
            ? "These images are part of the change waiting for approval; the storefront shows the current images until it is approved."
            : "This product is live: image changes join its pending change and reach the storefront when that change is approved."}
        </p>
      ) : null}
      {!readOnly && missingAlt > 0 ? (
        <p className="mt-3 text-sm text-amber-800 dark:text-amber-300">
          {missingAlt === 1 ? "1 image needs" : `${missingAlt} images need`} alt text before the product can be submitted or approved.
        </p>
      ) : null}
      {problems.length > 0 ? (
        <ul role="alert" className="mt-3 space-y-1 text-sm font-medium text-danger-fg">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      ) : null}

      {gallery.isPending ? (
        <Skeleton className="mt-4 h-24 w-full" />
      ) : gallery.isError ? (
        <ErrorState className="mt-4" title="The images could not be loaded" message={errorMessage(gallery.error)} onRetry={() => void gallery.refetch()} />
      ) : images.length === 0 && uploads.length === 0 ? (
        <div className="mt-4 rounded-lg border-2 border-dashed border-border px-4 py-8 text-center text-sm text-fg-muted">
          {readOnly ? "No images." : "No images yet. Add some with the button, or drop them here."}
        </div>
      ) : (
        <ol aria-label="Product images" className="mt-4 grid gap-3 @3xl:grid-cols-2">
          {images.map((image, index) => (
            <li key={image.id} data-testid="product-image" data-image-id={image.id} className="flex gap-3 rounded-lg border border-border p-3">
              <div className="relative shrink-0">
                {/* eslint-disable-next-line @next/next/no-img-element -- served by our own image route in the sizes it stored */}
                <img
                  src={thumbnailOf(productId, image)}
                  alt={image.alt}
                  width={80}
                  height={80}
                  className="size-20 rounded-md border border-border bg-surface-muted object-cover"
                />
                <span className="absolute -top-2 -left-2 inline-flex size-6 items-center justify-center rounded-full bg-fg text-xs font-semibold text-background">
                  <span className="sr-only">Position </span>
                  {index + 1}
                </span>
              </div>
              <div className="min-w-0 flex-1 space-y-2">
                <div className="flex flex-wrap items-center gap-1.5">
                  {index === 0 ? <Badge tone="info">Cover</Badge> : null}
                  {image.alt.trim() === "" ? <Badge tone="warning">Needs alt text</Badge> : null}
                </div>
                {readOnly ? (
                  <p className="text-sm break-words text-fg">{image.alt || <span className="text-fg-muted">No alt text</span>}</p>
                ) : (
                  <AltField key={image.id} image={image} position={index + 1} productId={productId} />
                )}
                {readOnly ? null : (
                  <div className="flex flex-wrap gap-1.5">
                    <Button
                      ref={(element) => {
                        moveButtons.current.set(`${image.id}:up`, element);
                      }}
                      variant="secondary"
                      size="sm"
                      aria-label={`Move image ${index + 1} up`}
                      disabled={index === 0 || busy}
                      onClick={() => move(image, index - 1, "up")}
                    >
                      ↑ Up
                    </Button>
                    <Button
                      ref={(element) => {
                        moveButtons.current.set(`${image.id}:down`, element);
                      }}
                      variant="secondary"
                      size="sm"
                      aria-label={`Move image ${index + 1} down`}
                      disabled={index === images.length - 1 || busy}
                      onClick={() => move(image, index + 1, "down")}
                    >
                      ↓ Down
                    </Button>
                    {/* A bin, not the word: three labelled buttons do not fit beside the picture on a phone. */}
                    <Button
                      variant="ghost"
                      size="sm"
                      className="ml-auto"
                      aria-label={`Remove image ${index + 1}`}
                      title="Remove"
                      disabled={busy}
                      onClick={() => setRemoving(image)}
                    >
                      <svg viewBox="0 0 20 20" fill="none" aria-hidden="true" className="size-4">
                        <path d="M4 6h12M8 6V4h4v2m-6 0l1 10h6l1-10" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
                      </svg>
                    </Button>
                  </div>
                )}
              </div>
            </li>
          ))}
          {uploads.map((item) => (
            <li key={item.key} data-testid="image-upload" className="flex gap-3 rounded-lg border border-dashed border-border p-3">
              {item.unreadable ? (
                <div data-testid="image-upload-placeholder" aria-hidden="true" className="flex size-20 shrink-0 items-center justify-center rounded-md bg-surface-muted text-fg-muted">
                  <svg viewBox="0 0 24 24" fill="none" className="size-8">
                    <path d="M7 3h7l5 5v13H7z M14 3v5h5" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
                  </svg>
                </div>
              ) : (
                // eslint-disable-next-line @next/next/no-img-element -- a local preview (blob: URL) of the file being sent
                <img
                  src={item.preview}
                  alt=""
                  width={80}
                  height={80}
                  onError={() => patchUpload(item.key, { unreadable: true })}
                  className="size-20 shrink-0 rounded-md object-cover opacity-70"
                />
              )}
              <div className="min-w-0 flex-1 space-y-2">
                <p className="truncate text-sm font-medium text-fg" title={item.name}>
                  {item.name}
                </p>
                {item.error ? (
                  <>
                    <p role="alert" className="text-sm text-danger-fg">
                      {item.error}
                    </p>
                    <Button variant="ghost" size="sm" onClick={() => dropUpload(item.key)}>
                      Dismiss
                    </Button>
                  </>
                ) : (
                  <>
                    <progress className="w-full" max={100} value={item.progress} aria-label={`Uploading ${item.name}`} />
                    <p className="text-xs text-fg-muted">{item.progress < 100 ? `Uploading… ${item.progress}%` : "Resizing…"}</p>
                  </>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}

      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>

      {over ? (
        <div
          data-testid="image-drop-highlight"
          className="pointer-events-none absolute inset-0 z-10 flex items-center justify-center rounded-lg border-2 border-dashed border-accent bg-surface/90 text-center"
        >
          <p className="px-4 text-sm font-medium text-fg">Drop JPEG, PNG or WebP images to add them</p>
        </div>
      ) : null}

      <Dialog
        open={removing !== null}
        onClose={() => (remove.isPending ? undefined : setRemoving(null))}
        title="Remove this image?"
        description={
          revision
            ? "It leaves the product's pending change; the storefront keeps showing it until that change is approved."
            : "The image and its sizes are deleted."
        }
        size="sm"
        footer={
          <>
            <Button variant="secondary" onClick={() => setRemoving(null)} disabled={remove.isPending}>
              Cancel
            </Button>
            <Button variant="danger" onClick={confirmRemove} loading={remove.isPending} data-autofocus>
              Remove image
            </Button>
          </>
        }
      >
        {removing ? (
          // eslint-disable-next-line @next/next/no-img-element -- served by our own image route in the sizes it stored
          <img src={thumbnailOf(productId, removing)} alt={removing.alt} width={160} height={160} className="mx-auto size-40 rounded-md object-cover" />
        ) : null}
      </Dialog>
    </div>
  );
}

/** One image's alt text: saved when the field is left or Enter is pressed, if it changed. */
function AltField({ image, position, productId }: { image: ProductImageDto; position: number; productId: string }) {
  const update = useUpdateProductImage(productId);
  const [value, setValue] = useState(image.alt);
  const [stored, setStored] = useState(image.alt);
  const [saved, setSaved] = useState(false);
  // Asked to save while a save was on its way: the newest text goes once that one has answered.
  const saveQueued = useRef(false);
  const typed = useRef(image.alt);
  const id = useId();
  // The stored text changed (this save, or another editor's): the field shows it, unless it holds
  // words typed since that are not saved yet, which stay for their own save.
  if (image.alt !== stored) {
    setStored(image.alt);
    if (value.trim() === stored || value.trim() === image.alt) setValue(image.alt);
  }

  const send = (alt: string) => {
    setSaved(false);
    update.mutate(
      { imageId: image.id, changes: { alt } },
      {
        onSuccess: () => setSaved(true),
        onSettled: (_data, error) => {
          if (!saveQueued.current) return;
          saveQueued.current = false;
          const newest = typed.current.trim();
          if (!error && newest !== alt) send(newest);
        },
      },
    );
  };

  const save = () => {
    if (update.isPending) {
      saveQueued.current = true;
      return;
    }
    const next = value.trim();
    if (next !== image.alt) send(next);
  };

  return (
    <div className="space-y-1">
      <label htmlFor={id} className="text-xs font-medium text-fg-muted">
        Alt text<span className="sr-only"> for image {position}</span>
      </label>
      <input
        id={id}
        value={value}
        maxLength={ALT_MAX}
        placeholder="Describe the picture"
        aria-invalid={update.isError || undefined}
        aria-describedby={update.isError ? `${id}-error` : undefined}
        onChange={(event) => {
          setValue(event.target.value);
          typed.current = event.target.value;
          setSaved(false);
        }}
        onBlur={save}
        onKeyDown={(event) => {
          if (event.key === "Enter") {
            event.preventDefault();
            save();
          }
        }}
        className={cn(controlClasses, "h-9 text-sm")}
      />
      {update.isError ? (
        <p id={`${id}-error`} role="alert" className="text-xs font-medium text-danger-fg">
          {errorMessage(update.error, "The alt text could not be saved.")}
        </p>
      ) : update.isPending ? (
        <p className="text-xs text-fg-muted">Saving…</p>
      ) : saved && value.trim() === image.alt ? (
        <p className="text-xs text-fg-muted">Saved</p>
      ) : null}
    </div>
  );
}
