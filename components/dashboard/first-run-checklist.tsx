"use client";

import Link from "next/link";
import { Button } from "@/components/ui";
import { useDismissFirstRun, type FirstRunChecklist as Checklist } from "@/hooks/use-dashboard";
import { errorMessage } from "@/lib/api-client";
import { FIRST_RUN_STEPS, type FirstRunStep } from "@/lib/dashboard/types";
import { toast } from "@/lib/toast";

/** What each step asks, and where it is done. */
const STEPS: Record<FirstRunStep, { title: string; description: string; href: string; action: string }> = {
  product: { title: "Add a product", description: "The assistant recommends what your catalog holds.", href: "/products/new", action: "Add your first product" },
  teammate: { title: "Invite a teammate", description: "Editors write products, approvers review them.", href: "/users", action: "Invite someone" },
  assistant: { title: "Try the assistant", description: "Ask it what a customer would ask.", href: "/chat", action: "Open the assistant" },
  botName: { title: "Name your assistant", description: "Customers see its name in the chat and on your website.", href: "/settings", action: "Open settings" },
};

function CheckMark({ done }: { done: boolean }) {
  return done ? (
    <span aria-hidden="true" className="mt-0.5 flex size-6 shrink-0 items-center justify-center rounded-full bg-accent text-white">
      <svg viewBox="0 0 16 16" className="size-3.5" fill="none" stroke="currentColor" strokeWidth="2.25" strokeLinecap="round" strokeLinejoin="round">
        <path d="M3.5 8.5l3 3 6-7" />
      </svg>
    </span>
  ) : (
    <span aria-hidden="true" className="mt-0.5 size-6 shrink-0 rounded-full border-2 border-border-strong" />
  );
}

/**
 * A new business's first steps, each ticked from its own data; shown until every step is done or an
 * admin dismisses it for the business.
 */
export function FirstRunChecklist({ checklist }: { checklist: Checklist }) {
  const dismiss = useDismissFirstRun();
  const doneCount = FIRST_RUN_STEPS.filter((step) => checklist.done[step]).length;
  if (checklist.dismissed || doneCount === FIRST_RUN_STEPS.length) return null;

  return (
    <section aria-labelledby="first-run-heading" className="rounded-lg border border-border bg-surface p-5 shadow-sm" data-testid="first-run">
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 id="first-run-heading" className="text-lg font-semibold text-fg">
            Get started
          </h2>
          <p className="text-sm text-fg-muted">
            {doneCount} of {FIRST_RUN_STEPS.length} done. Each step ticks itself once it has happened.
          </p>
        </div>
        <Button
          variant="ghost"
          size="sm"
          className="shrink-0"
          aria-label="Dismiss the checklist"
          loading={dismiss.isPending}
          onClick={() => dismiss.mutate(undefined, { onError: (error) => toast.error(errorMessage(error, "The checklist could not be dismissed.")) })}
        >
          Dismiss
        </Button>
      </div>
      <div
        className="mt-3 h-1.5 overflow-hidden rounded-full bg-surface-muted"
        role="progressbar"
        aria-label="Steps done"
        aria-valuemin={0}
        aria-valuemax={FIRST_RUN_STEPS.length}
        aria-valuenow={doneCount}
      >
        <div className="h-full rounded-full bg-accent transition-[width]" style={{ width: `${(doneCount / FIRST_RUN_STEPS.length) * 100}%` }} />
      </div>
      <ol className="mt-4 grid gap-3 md:grid-cols-2">
        {FIRST_RUN_STEPS.map((step) => {
          const { title, description, href, action } = STEPS[step];
          const done = checklist.done[step];
          return (
            <li key={step} data-step={step} data-done={done} className="flex gap-3 rounded-md border border-border p-3">
              <CheckMark done={done} />
              <div className="min-w-0 space-y-1">
                <p className={done ? "font-medium text-fg-muted line-through" : "font-medium text-fg"}>
                  {title}
                  <span className="sr-only">{done ? " (done)" : " (to do)"}</span>
                </p>
                <p className="text-sm text-fg-muted">{description}</p>
                {done ? null : (
                  <Link href={href} className="focus-ring inline-block rounded text-sm font-medium text-accent-fg hover:underline">
                    {action}
                  </Link>
                )}
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
