"use client";

import Link from "next/link";
import { Suspense, useEffect, useId, useState } from "react";
import { LazyMarkdown, preloadMarkdown } from "@/components/chat/lazy-markdown";
import { useTimeZone } from "@/components/layout/time-zone";
import { Badge, EmptyState, ErrorState, FormField, Pagination, Select, SkeletonText } from "@/components/ui";
import { cn } from "@/components/ui/cn";
import { PastTheEnd } from "@/components/ui/past-the-end";
import { useFeedbackList, type FeedbackEntryDto } from "@/hooks/use-feedback";
import { errorMessage } from "@/lib/api-client";
import type { FeedbackRating } from "@/lib/chat/vocabulary";
import { formatCount, formatDateTime } from "@/lib/format";
import { FEEDBACK_PAGE_SIZE } from "@/lib/query-keys";

const RATING_OPTIONS: { value: FeedbackRating | "all"; label: string }[] = [
  { value: "down", label: "Not helpful" },
  { value: "up", label: "Helpful" },
  { value: "all", label: "All ratings" },
];

const EMPTY: Record<FeedbackRating | "all", { title: string; description: string }> = {
  down: { title: "No answers marked not helpful", description: "When someone marks an answer as unhelpful, it shows up here with their reason." },
  up: { title: "No answers marked helpful yet", description: "Answers people found helpful will be listed here." },
  all: { title: "No ratings yet", description: "People rate the assistant’s answers with the thumbs under each answer in the chat." },
};

function FeedbackEntry({ entry }: { entry: FeedbackEntryDto }) {
  const timeZone = useTimeZone();
  const [expanded, setExpanded] = useState(false);
  const answerId = useId();
  const long = entry.answer.length > 400;
  return (
    <article
      data-testid="feedback-entry"
      data-rating={entry.rating}
      aria-label={`${entry.rating === "down" ? "Not helpful" : "Helpful"}, from ${entry.user.name}`}
      className="space-y-3 rounded-lg border border-border bg-surface p-3 sm:p-4"
    >
      <header className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1 text-sm">
        <p className="min-w-0">
          <Badge tone={entry.rating === "down" ? "danger" : "success"} className="mr-1">
            {entry.rating === "down" ? "Not helpful" : "Helpful"}
          </Badge>{" "}
          <span className="font-medium text-fg">{entry.user.name}</span>{" "}
          <span className="text-fg-muted">
            · <time dateTime={entry.updatedAt}>{formatDateTime(entry.updatedAt, timeZone)}</time>
          </span>
        </p>
        <Link href={`/inbox?session=${entry.sessionId}`} className="focus-ring rounded text-sm font-medium text-accent-fg hover:underline">
          Open conversation
        </Link>
      </header>
      <div>
        <h3 className="text-xs font-semibold tracking-wide text-fg-muted uppercase">Question</h3>
        <p className="mt-0.5 break-words whitespace-pre-line text-fg">{entry.question ?? <span className="text-fg-muted">(no question before this answer)</span>}</p>
      </div>
      <div>
        <h3 className="text-xs font-semibold tracking-wide text-fg-muted uppercase">Answer</h3>
        <div id={answerId} className={cn("mt-0.5 text-sm break-words text-fg", long && !expanded ? "max-h-36 overflow-hidden" : null)}>
          <LazyMarkdown>{entry.answer || "(empty answer)"}</LazyMarkdown>
        </div>
        {long ? (
          <button
            type="button"
            aria-expanded={expanded}
            aria-controls={answerId}
            onClick={() => setExpanded((value) => !value)}
            className="focus-ring mt-1 rounded text-sm font-medium text-accent-fg hover:underline"
          >
            {expanded ? "Show less" : "Show the whole answer"}
          </button>
        ) : null}
      </div>
      <div
        className={cn(
          "rounded-md px-3 py-2 text-sm",
          entry.reason ? "bg-amber-50 text-amber-900 dark:bg-amber-400/10 dark:text-amber-200" : "bg-surface-muted text-fg-muted",
        )}
      >
        <span className="font-semibold">Reason: </span>
        <span data-testid="feedback-reason" className="break-words whitespace-pre-line">
          {entry.reason ?? "none given"}
        </span>
      </div>
    </article>
  );
}

/** The business's rated answers, 👎 first by default, newest rating first. */
export function FeedbackList({
  rating,
  page,
  onRating,
  onPage,
}: {
  rating: FeedbackRating | "all";
  page: number;
  onRating: (rating: FeedbackRating | "all") => void;
  onPage: (page: number) => void;
}) {
  const list = useFeedbackList({ rating: rating === "all" ? undefined : rating, page, pageSize: FEEDBACK_PAGE_SIZE });
  const pageCount = list.data ? Math.max(1, Math.ceil(list.data.count / FEEDBACK_PAGE_SIZE)) : 1;
  useEffect(preloadMarkdown, []);

  return (
    <section aria-labelledby="rated-answers-heading" aria-busy={list.isFetching} className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="rated-answers-heading" className="text-lg font-semibold text-fg">
            {rating === "down" ? "Answers marked not helpful" : rating === "up" ? "Answers marked helpful" : "Rated answers"}
          </h2>
          {list.data ? (
            <p className="text-sm text-fg-muted" aria-live="polite">
              {formatCount(list.data.count)} {list.data.count === 1 ? "answer" : "answers"}
            </p>
          ) : null}
        </div>
        <FormField label="Show" className="w-full sm:w-48">
          <Select value={rating} onChange={(event) => onRating(event.target.value as FeedbackRating | "all")}>
            {RATING_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </Select>
        </FormField>
      </div>
      {list.isPending ? (
        <SkeletonText lines={8} />
      ) : list.isError ? (
        <ErrorState message={errorMessage(list.error)} onRetry={() => void list.refetch()} retrying={list.isFetching} />
      ) : list.data.results.length === 0 && list.data.count > 0 ? (
        <PastTheEnd headingLevel={3} lastPage={pageCount} onPageChange={onPage} />
      ) : list.data.results.length === 0 ? (
        <EmptyState headingLevel={3} title={EMPTY[rating].title} description={EMPTY[rating].description} />
      ) : (
        <>
          {/* The answers' Markdown renderer is fetched beside the list (below); the entries wait for it whole. */}
          <Suspense fallback={<SkeletonText lines={8} />}>
            <ol className="space-y-3">
              {list.data.results.map((entry) => (
                <li key={entry.id}>
                  <FeedbackEntry entry={entry} />
                </li>
              ))}
            </ol>
          </Suspense>
          <Pagination page={page} pageCount={pageCount} onPageChange={onPage} disabled={list.isFetching} />
        </>
      )}
    </section>
  );
}
