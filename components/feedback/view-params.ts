import { FEEDBACK_RATINGS, type FeedbackRating } from "@/lib/chat/vocabulary";
import { listPageOf } from "@/lib/pagination";

/**
 * /feedback's view as its address holds it (`?tab=&rating=&page=`), read the same way by the page's
 * server render (its first data) and by the browser.
 */

export type FeedbackTab = "answers" | "unanswered";

export type FeedbackView = {
  tab: FeedbackTab;
  /** The answers tab's filter: disliked answers unless the admin asked for the liked ones or all. */
  rating: FeedbackRating | "all";
  page: number;
};

export function feedbackViewOf(params: URLSearchParams): FeedbackView {
  const rating = params.get("rating");
  return {
    tab: params.get("tab") === "unanswered" ? "unanswered" : "answers",
    rating: rating === "all" ? "all" : (FEEDBACK_RATINGS.find((known) => known === rating) ?? "down"),
    page: listPageOf(params),
  };
}
