"use client";

import { useId } from "react";
import { FeedbackList } from "@/components/feedback/feedback-list";
import { UnansweredList } from "@/components/feedback/unanswered-list";
import { TabList } from "@/components/ui";
import { useListParams } from "@/hooks/use-list-params";
import { feedbackViewOf, type FeedbackTab } from "./view-params";

const TABS = [
  { id: "answers", label: "Rated answers" },
  { id: "unanswered", label: "Unanswered questions" },
] as const satisfies readonly { id: FeedbackTab; label: string }[];

/**
 * /feedback: what people thought of the assistant's answers (👎 first, with their reasons) and the
 * questions it searched the catalog for and found nothing, most asked first. The tab, filter and
 * page live in the URL so a view can be shared.
 */
export function FeedbackView() {
  const { searchParams, page, update } = useListParams();
  const { tab, rating } = feedbackViewOf(searchParams);
  const baseId = useId();

  return (
    <div className="space-y-4">
      <header className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight text-fg">Feedback</h1>
        <p className="text-sm text-fg-muted">What people thought of the assistant’s answers, and the questions it couldn’t answer.</p>
      </header>
      <div className="rounded-lg border border-border bg-surface shadow-sm">
        <TabList
          tabs={TABS}
          selected={tab}
          onSelect={(next) => update({ params: { tab: next === "answers" ? undefined : next, rating: undefined } })}
          idBase={baseId}
          label="Feedback views"
          className="overflow-x-auto rounded-t-lg"
        />
        <div id={`${baseId}-panel-${tab}`} role="tabpanel" aria-labelledby={`${baseId}-tab-${tab}`} className="p-3 sm:p-5">
          {tab === "answers" ? (
            <FeedbackList
              rating={rating}
              page={page}
              onRating={(next) => update({ params: { rating: next === "down" ? undefined : next } })}
              onPage={(next) => update({ params: {}, page: next })}
            />
          ) : (
            <UnansweredList page={page} onPage={(next) => update({ params: {}, page: next })} />
          )}
        </div>
      </div>
    </div>
  );
}
