"use client";

import { useId, useState, type ReactNode, type Ref } from "react";
import { Button, ErrorState, Skeleton, TabList } from "@/components/ui";
import { cn } from "@/components/ui/cn";
import { useChatHistory } from "@/hooks/use-chat";
import { useConversationDetails, useHandling, useMarkRead, useTypers, type InboxConversationDto } from "@/hooks/use-inbox";
import { errorMessage, isHttpError } from "@/lib/api-client";
import { AgentComposer } from "./agent-composer";
import { ConversationStatus } from "./conversation-status";
import { channelLabel } from "./format";
import { MessageThread } from "./message-thread";
import { PersonCredits } from "./person-credits";
import { PersonPurchases } from "./person-purchases";

type Tab = "messages" | "purchases" | "credits";
const TABS: { id: Tab; label: string }[] = [
  { id: "messages", label: "Messages" },
  { id: "purchases", label: "Purchases" },
  { id: "credits", label: "Credits" },
];

export interface ConversationPaneProps {
  sessionId: string;
  /** The conversation's row in the list (who it is with), when known. */
  row: InboxConversationDto | null;
  self: { id: string; name: string };
  onBack: () => void;
  conversationHref: (sessionId: string) => string;
  headingRef?: Ref<HTMLHeadingElement>;
  /** Filters the list to the person's conversations; not offered while the list already shows only theirs. */
  onFilterPerson?: (personId: string) => void;
  /** The unsent reply to this conversation, kept by the inbox. */
  draft: string;
  onDraftChange: (sessionId: string, text: string) => void;
  onReplySent: (sessionId: string, text: string) => void;
}

/** One conversation: its messages and the admin's reply box, who handles it, and the person's purchases and credits. */
export function ConversationPane({ sessionId, row, self, onBack, conversationHref, headingRef, onFilterPerson, draft, onDraftChange, onReplySent }: ConversationPaneProps) {
  const baseId = useId();
  const [tab, setTab] = useState<Tab>("messages");
  const details = useConversationDetails(sessionId);
  const history = useChatHistory(sessionId);
  const typers = useTypers(sessionId).filter((typer) => typer.id !== self.id);
  const handling = useHandling(sessionId);
  const status = details.data?.status ?? row?.status ?? null;
  // Who has it comes with the list's row: named while the row agrees with what the pane has read since.
  const agent = row?.status === status ? row.agent : null;
  const personName = row?.person.name ?? details.data?.userIdentifier ?? "Customer";
  const newest = history.messages.at(-1)?.id ?? null;
  useMarkRead({ sessionId, newestMessageId: newest, active: tab === "messages" && details.isSuccess });

  const missing = details.isError && isHttpError(details.error) && details.error.response?.status === 404;


  return (
    <section aria-labelledby={`${baseId}-title`} className="flex min-h-0 min-w-0 flex-1 flex-col overflow-hidden rounded-lg border border-border bg-background shadow-sm">
      <header className="flex flex-wrap items-center gap-x-3 gap-y-2 border-b border-border bg-surface px-3 py-3 sm:px-4">
        <Button type="button" variant="ghost" size="sm" onClick={onBack} className="-ml-1 md:hidden" aria-label="Back to conversations">
          <span aria-hidden="true">←</span>
          Back
        </Button>
        <div className="min-w-0 flex-1">
          <h2 id={`${baseId}-title`} ref={headingRef} tabIndex={-1} className="truncate text-lg font-semibold text-fg outline-none">
            {personName}
          </h2>
          <p className="truncate text-xs text-fg-muted">
            {row ? `${channelLabel(row)} · ` : null}
            {row?.title ?? details.data?.title ?? "\u00a0"}
          </p>
          {row?.person.id && onFilterPerson ? (
            <button
              type="button"
              onClick={() => onFilterPerson(row.person.id!)}
              className="focus-ring rounded text-xs font-medium text-accent-fg hover:underline"
            >
              All of {row.person.name}’s conversations
            </button>
          ) : null}
        </div>
        <div className="flex w-full items-center justify-between gap-2 sm:w-auto sm:justify-end">
          {status ? (
            <ConversationStatus status={status} agent={agent} selfId={self.id} />
          ) : details.isError && !missing ? (
            // Who handles it is unknown until read: say so, rather than wait with a placeholder for a read that is not coming.
            <p role="alert" className="flex items-center gap-2 text-xs text-danger-fg">
              Couldn’t load who answers it.
              <Button type="button" size="sm" variant="secondary" loading={details.isFetching} onClick={() => void details.refetch()}>
                Retry
              </Button>
            </p>
          ) : (
            <Skeleton className="h-5 w-20" />
          )}
          {status === "assistant" || status === "needs_person" ? (
            <Button type="button" size="sm" loading={handling.isPending} onClick={() => handling.mutate("takeover")}>
              Take over
            </Button>
          ) : status === "with_person" ? (
            <Button type="button" size="sm" variant="secondary" loading={handling.isPending} onClick={() => handling.mutate("handback")}>
              Hand back
            </Button>
          ) : null}
        </div>
        {handling.isError ? (
          <p role="alert" className="w-full text-sm font-medium text-danger-fg">
            {errorMessage(handling.error, "That did not work. Please try again.")}
          </p>
        ) : null}
      </header>
      <TabList tabs={TABS} selected={tab} onSelect={setTab} idBase={baseId} label="Conversation views" className="overflow-x-auto" />
      {missing ? (
        <div className="p-4">
          <ErrorState title="Conversation not found" message="This conversation doesn’t exist or was deleted." />
        </div>
      ) : (
        <>
          {/* The messages panel stays mounted so the draft and the scroll position survive a tab switch. */}
          <div
            id={`${baseId}-panel-messages`}
            role="tabpanel"
            aria-labelledby={`${baseId}-tab-messages`}
            hidden={tab !== "messages"}
            className={cn("min-h-0 flex-1 flex-col", tab === "messages" ? "flex" : "hidden")}
          >
            <MessageThread history={history} personName={personName} typers={typers} />
            <AgentComposer
              sessionId={sessionId}
              status={status}
              otherAgentName={agent && agent.id !== self.id ? agent.name : null}
              personName={personName}
              selfName={self.name}
              draft={draft}
              onDraftChange={(text) => onDraftChange(sessionId, text)}
              onSent={onReplySent}
            />
          </div>
          {(["purchases", "credits"] as const).map((panel) => (
            <div
              key={panel}
              id={`${baseId}-panel-${panel}`}
              role="tabpanel"
              aria-labelledby={`${baseId}-tab-${panel}`}
              hidden={tab !== panel}
              className="min-h-0 flex-1 overflow-y-auto p-3 sm:p-4"
            >
              {tab !== panel ? null : !row ? (
                <Notice>Find this conversation in the list to see who it is with.</Notice>
              ) : row.person.kind !== "member" || !row.person.id ? (
                <Notice>
                  {row.person.kind === "end_user"
                    ? `${row.person.name} is a customer of your website or app, not a member of your business: there are no ${panel} of theirs to show.`
                    : `An anonymous API caller has no ${panel} of their own.`}
                </Notice>
              ) : panel === "purchases" ? (
                <PersonPurchases
                  userId={row.person.id}
                  name={row.person.name}
                  sessionId={sessionId}
                  conversationHref={conversationHref}
                  onShowMessages={() => {
                    setTab("messages");
                    // The button pressed is in the panel this hides: focus goes to the tab now selected.
                    document.getElementById(`${baseId}-tab-messages`)?.focus();
                  }}
                />
              ) : (
                <PersonCredits userId={row.person.id} />
              )}
            </div>
          ))}
        </>
      )}
    </section>
  );
}

function Notice({ children }: { children: ReactNode }) {
  return <p className="rounded-lg border border-dashed border-border px-4 py-8 text-center text-sm text-fg-muted">{children}</p>;
}
