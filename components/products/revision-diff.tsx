"use client";

import { diffWords } from "diff";
import type { ProductImageDto, RevisionChangeDto } from "@/lib/products/schemas";
import { formatMoney } from "@/lib/money";

const FIELD_LABELS: Record<RevisionChangeDto["field"], string> = {
  name: "Name",
  description: "Description",
  price: "Price",
  sku: "SKU",
  category: "Category",
  images: "Images",
};

const EMPTY = <span className="text-fg-muted italic">(empty)</span>;

/** Word-level changes of a text, removed words struck through and added words underlined. */
function TextDiff({ before, after }: { before: string | null; after: string | null }) {
  const parts = diffWords(before ?? "", after ?? "");
  return (
    <p className="text-sm break-words whitespace-pre-line text-fg">
      {parts.map((part, index) =>
        part.added ? (
          <ins key={index} className="rounded bg-emerald-100 px-0.5 text-emerald-900 no-underline decoration-2 dark:bg-emerald-950 dark:text-emerald-100" aria-label={`added: ${part.value}`}>
            {part.value}
          </ins>
        ) : part.removed ? (
          <del key={index} className="rounded bg-red-100 px-0.5 text-red-900 dark:bg-red-950 dark:text-red-100" aria-label={`removed: ${part.value}`}>
            {part.value}
          </del>
        ) : (
          <span key={index}>{part.value}</span>
        ),
      )}
    </p>
  );
}

function Gallery({ images, label }: { images: ProductImageDto[]; label: string }) {
  if (images.length === 0) return <p className="text-sm">{EMPTY}</p>;
  return (
    <ul className="flex flex-wrap gap-2" aria-label={label}>
      {images.map((image) => (
        <li key={image.id}>
          {/* eslint-disable-next-line @next/next/no-img-element -- served by our own image route in the sizes it stored */}
          <img src={image.url} alt={image.alt} width={64} height={64} className="size-16 rounded border border-border object-cover" />
        </li>
      ))}
    </ul>
  );
}

/** What a change to a live product would change, field by field: the approver's view before deciding. */
export function RevisionDiff({ changes }: { changes: RevisionChangeDto[] }) {
  if (changes.length === 0) return <p className="text-sm text-fg-muted">This change leaves every reviewed field as it is.</p>;
  return (
    <dl className="space-y-3" aria-label="Changes">
      {changes.map((change) => (
        <div key={change.field} className="space-y-1" data-field={change.field}>
          <dt className="text-xs font-semibold tracking-wide text-fg-muted uppercase">{FIELD_LABELS[change.field]}</dt>
          <dd>
            {change.field === "images" ? (
              <div className="flex flex-wrap items-center gap-3">
                <Gallery images={change.before} label="Images now" />
                <span aria-hidden="true" className="text-fg-muted">→</span>
                <Gallery images={change.after} label="Images after" />
              </div>
            ) : change.field === "description" || change.field === "name" ? (
              <TextDiff before={change.before} after={change.after} />
            ) : (
              <p className="text-sm text-fg">
                <span className="text-fg-muted line-through">{change.before === null ? EMPTY : change.field === "price" ? formatMoney(change.before) : change.before}</span>
                <span aria-hidden="true"> → </span>
                <span className="sr-only">changes to</span>
                <span className="font-medium">{change.after === null ? EMPTY : change.field === "price" ? formatMoney(change.after) : change.after}</span>
              </p>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
