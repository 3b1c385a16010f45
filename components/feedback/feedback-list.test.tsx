import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { FEEDBACK_PAGE_SIZE, feedbackKeys, UNANSWERED_PAGE_SIZE } from "@/lib/query-keys";
import { FeedbackList } from "./feedback-list";
import { UnansweredList } from "./unanswered-list";

/** The list as the page renders it with this answer of the API already in its cache. */
function render(list: "answers" | "unanswered", page: number, answer: { count: number; results: unknown[] }) {
  const queryClient = new QueryClient();
  const envelope = { next: null, previous: null, ...answer };
  if (list === "answers") queryClient.setQueryData(feedbackKeys.list({ rating: "down", page, pageSize: FEEDBACK_PAGE_SIZE }), envelope);
  else queryClient.setQueryData(feedbackKeys.unanswered(page, UNANSWERED_PAGE_SIZE), envelope);
  return renderToStaticMarkup(
    <QueryClientProvider client={queryClient}>
      {list === "answers" ? <FeedbackList rating="down" page={page} onRating={() => {}} onPage={() => {}} /> : <UnansweredList page={page} onPage={() => {}} />}
    </QueryClientProvider>,
  );
}

describe("the feedback lists on a page past their end", () => {
  it("say where the list ends instead of claiming there is nothing (a shared link, a rating taken back)", () => {
    const answers = render("answers", 4, { count: 25, results: [] });
    expect(answers).toContain("This list ends on page 2.");
    expect(answers).toContain("Go to page 2");
    expect(answers).not.toContain("No answers marked not helpful");

    const unanswered = render("unanswered", 3, { count: 26, results: [] });
    expect(unanswered).toContain("This list ends on page 2.");
    expect(unanswered).not.toContain("No unanswered questions");
  });

  it("still say there is nothing when there is nothing", () => {
    expect(render("answers", 1, { count: 0, results: [] })).toContain("No answers marked not helpful");
    expect(render("unanswered", 1, { count: 0, results: [] })).toContain("No unanswered questions");
  });
});
