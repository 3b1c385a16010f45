import { formatCount } from "@/lib/format";
import { Button } from "./button";
import { EmptyState } from "./empty-state";

/**
 * What a page-numbered list shows on a page past its end (a shared link, or rows that went since the
 * page was opened: a deactivation under an "active" filter, a rating taken back): not "nothing yet",
 * since there is something, but where the list ends and a way there.
 */
export function PastTheEnd({ lastPage, onPageChange, headingLevel = 2 }: { lastPage: number; onPageChange: (page: number) => void; headingLevel?: 2 | 3 }) {
  return (
    <EmptyState
      headingLevel={headingLevel}
      title="Nothing on this page"
      description={`This list ends on page ${formatCount(lastPage)}.`}
      action={
        <Button variant="secondary" onClick={() => onPageChange(lastPage)}>
          Go to page {formatCount(lastPage)}
        </Button>
      }
    />
  );
}
