"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useTimeZone } from "@/components/layout/time-zone";
import {
  Button,
  cn,
  EmptyState,
  ErrorState,
  FormField,
  Input,
  Pagination,
  Select,
  SkeletonText,
  Table,
  TBody,
  TD,
  TH,
  THead,
  TR,
  InteractiveFieldset,
} from "@/components/ui";
import { PastTheEnd } from "@/components/ui/past-the-end";
import { useAuditActors, useAuditLog, useExportAudit, type AuditEntry, type AuditFilters } from "@/hooks/use-audit";
import { actorChoices } from "./actor-choices";
import { errorMessage } from "@/lib/api-client";
import { formatCount, formatDateTime } from "@/lib/format";
import { listPageOf } from "@/lib/pagination";
import { timeZoneLabel } from "@/lib/time-zone";
import { toast } from "@/lib/toast";
import { describeEntry, KNOWN_ACTIONS, KNOWN_ENTITY_TYPES } from "./describe-entry";
import { AUDIT_FILTER_KEYS, AUDIT_PAGE_SIZE, auditFiltersOf, withDayZone } from "./list-params";
import { useAppPathname, useAppSearchParams } from "@/hooks/use-app-route";

function entityHref(entry: AuditEntry): string | null {
  if (!entry.entityId) return null;
  if (entry.entityType === "product") return `/products/${entry.entityId}`;
  return null;
}

function EntityCell({ entry, onFilter }: { entry: AuditEntry; onFilter: (filters: AuditFilters) => void }) {
  const href = entityHref(entry);
  const label = KNOWN_ENTITY_TYPES.find((type) => type.value === entry.entityType)?.label ?? entry.entityType;
  return (
    <div className="space-y-0.5">
      <p className="font-medium">{label}</p>
      {entry.entityId ? (
        <div className="flex flex-wrap items-center gap-x-2 text-xs text-fg-muted">
          {href ? (
            <Link href={href} className="focus-ring rounded font-mono text-accent-fg hover:underline" title={entry.entityId}>
              {entry.entityId.slice(0, 8)}
            </Link>
          ) : (
            <span className="font-mono" title={entry.entityId}>
              {entry.entityId.slice(0, 8)}
            </span>
          )}
          <button
            type="button"
            className="focus-ring rounded text-accent-fg hover:underline"
            aria-label={`Show every change to this ${label.toLowerCase()}`}
            onClick={() => onFilter({ entityType: entry.entityType, entityId: entry.entityId ?? undefined })}
          >
            history
          </button>
        </div>
      ) : null}
    </div>
  );
}

function ActorCell({ entry, onFilter }: { entry: AuditEntry; onFilter: (filters: AuditFilters) => void }) {
  if (!entry.actorId) return <span className="text-fg-muted">System</span>;
  return (
    <button
      type="button"
      className="focus-ring rounded text-left hover:underline"
      onClick={() => onFilter({ actorId: entry.actorId ?? undefined })}
      title="Show only this person's changes"
    >
      <span className="block font-medium">{entry.actorName ?? "Deleted user"}</span>
      {entry.actorEmail ? <span className="block break-all text-xs text-fg-muted">{entry.actorEmail}</span> : null}
    </button>
  );
}

function EntryDetails({ details }: { details: string[] }) {
  if (details.length === 0) return null;
  return (
    <ul className="mt-1 space-y-0.5 text-xs text-fg-muted">
      {details.map((line, index) => (
        <li key={index} className="break-words">
          {line}
        </li>
      ))}
    </ul>
  );
}

/** One entry as a card: what a phone shows instead of the table's four columns. */
function EntryCard({ entry, onFilter }: { entry: AuditEntry; onFilter: (filters: AuditFilters) => void }) {
  const timeZone = useTimeZone();
  const { title, details } = describeEntry(entry);
  return (
    <li data-action={entry.action} className="rounded-lg border border-border bg-surface p-4 text-sm text-fg shadow-sm">
      <p className="font-medium">{title}</p>
      <EntryDetails details={details} />
      <dl className="mt-3 grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-2 border-t border-border pt-3">
        <dt className="text-xs text-fg-muted">When</dt>
        <dd>
          <time dateTime={entry.createdAt}>{formatDateTime(entry.createdAt, timeZone)}</time>
        </dd>
        <dt className="text-xs text-fg-muted">Who</dt>
        <dd>
          <ActorCell entry={entry} onFilter={onFilter} />
        </dd>
        <dt className="text-xs text-fg-muted">Entity</dt>
        <dd>
          <EntityCell entry={entry} onFilter={onFilter} />
        </dd>
      </dl>
    </li>
  );
}

export function AuditView() {
  const timeZone = useTimeZone();
  const router = useRouter();
  const pathname = useAppPathname();
  const searchParams = useAppSearchParams();
  const applied = auditFiltersOf(searchParams);
  const page = listPageOf(searchParams);
  const requested = withDayZone(applied, timeZone);
  const log = useAuditLog(requested, page, AUDIT_PAGE_SIZE);
  const actors = useAuditActors();
  const exportCsv = useExportAudit();
  const [draft, setDraft] = useState<AuditFilters>(applied);
  const [draftKey, setDraftKey] = useState(searchParams.toString());
  const [rangeError, setRangeError] = useState<string | null>(null);
  const [filtersOpen, setFiltersOpen] = useState(false);

  // Back/forward navigation changes the URL: the form follows it.
  if (draftKey !== searchParams.toString()) {
    setDraftKey(searchParams.toString());
    setDraft(applied);
  }

  const navigate = (filters: AuditFilters, nextPage = 1) => {
    const params = new URLSearchParams();
    for (const key of AUDIT_FILTER_KEYS) if (filters[key]) params.set(key, filters[key]!);
    if (nextPage > 1) params.set("page", String(nextPage));
    const query = params.toString();
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (draft.from && draft.to && draft.from > draft.to) {
      setRangeError("The start date must be on or before the end date.");
      return;
    }
    setRangeError(null);
    navigate(draft);
  };

  const set = (key: keyof AuditFilters) => (value: string) => setDraft((current) => ({ ...current, [key]: value || undefined }));
  const pageCount = log.data ? Math.max(1, Math.ceil(log.data.count / AUDIT_PAGE_SIZE)) : 1;
  const activeFilters = Object.keys(applied).length;
  const filtered = activeFilters > 0;

  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight text-fg">Audit log</h1>
        <p className="text-sm text-fg-muted">Every change in your business: who did what, and when.</p>
      </header>

      {/* On a phone the filters fold away behind one button, so the entries are not a screen away. */}
      <Button
        variant="secondary"
        className="w-full sm:hidden"
        aria-expanded={filtersOpen}
        aria-controls="audit-filters"
        onClick={() => setFiltersOpen((open) => !open)}
      >
        {filtersOpen ? "Hide filters" : activeFilters > 0 ? `Filters (${activeFilters})` : "Filters"}
      </Button>
      <form
        id="audit-filters"
        onSubmit={onSubmit}
        aria-label="Filter the audit log"
        className={cn("rounded-lg border border-border bg-surface p-4 shadow-sm sm:block", filtersOpen ? "block" : "hidden")}
      >
        <InteractiveFieldset>
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            <FormField label="Actor">
              <Select value={draft.actorId ?? ""} onChange={(event) => set("actorId")(event.target.value)} disabled={actors.isPending}>
                <option value="">Anyone</option>
                {actorChoices(actors.data, draft.actorId, log.data?.results).map((actor) => (
                  <option key={actor.id} value={actor.id}>
                    {actor.label}
                  </option>
                ))}
              </Select>
            </FormField>
            <FormField label="Action">
              <Select value={draft.action ?? ""} onChange={(event) => set("action")(event.target.value)}>
                <option value="">Any action</option>
                {KNOWN_ACTIONS.map((action) => (
                  <option key={action.value} value={action.value}>
                    {action.label}
                  </option>
                ))}
                {draft.action && !KNOWN_ACTIONS.some((action) => action.value === draft.action) ? (
                  <option value={draft.action}>{draft.action}</option>
                ) : null}
              </Select>
            </FormField>
            <FormField label="Entity">
              <Select value={draft.entityType ?? ""} onChange={(event) => set("entityType")(event.target.value)}>
                <option value="">Any entity</option>
                {KNOWN_ENTITY_TYPES.map((type) => (
                  <option key={type.value} value={type.value}>
                    {type.label}
                  </option>
                ))}
              </Select>
            </FormField>
            <FormField label="Entity id" hint="The id of one product, user…">
              <Input value={draft.entityId ?? ""} onChange={(event) => set("entityId")(event.target.value.trim())} spellCheck={false} className="font-mono" />
            </FormField>
            <FormField label="From" error={rangeError}>
              <Input type="date" value={draft.from ?? ""} onChange={(event) => set("from")(event.target.value)} />
            </FormField>
            <FormField label="To" hint={`Days in ${timeZoneLabel(timeZone)}, both included.`}>
              <Input type="date" value={draft.to ?? ""} onChange={(event) => set("to")(event.target.value)} />
            </FormField>
          </div>
          <div className="mt-4 flex justify-end gap-2">
            <Button
              type="button"
              variant="secondary"
              disabled={!filtered && Object.keys(draft).every((key) => !draft[key as keyof AuditFilters])}
              onClick={() => {
                setDraft({});
                setRangeError(null);
                navigate({});
              }}
            >
              Clear filters
            </Button>
            <Button type="submit">Apply filters</Button>
          </div>
        </InteractiveFieldset>
      </form>

      <section aria-labelledby="entries-heading" aria-busy={log.isFetching} className="space-y-4">
        <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2">
          <h2 id="entries-heading" className="text-lg font-semibold text-fg">
            Entries
          </h2>
          <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
            {log.data ? (
              <p className="text-sm text-fg-muted" aria-live="polite">
                {formatCount(log.data.count)} {log.data.count === 1 ? "entry" : "entries"}
                {filtered ? (log.data.count === 1 ? " matches" : " match") : ""}
              </p>
            ) : null}
            <Button
              variant="secondary"
              size="sm"
              loading={exportCsv.isPending}
              disabled={!log.data || log.data.count === 0}
              title={filtered ? "Every entry these filters match, as a CSV file" : "Every entry, as a CSV file"}
              onClick={() => exportCsv.mutate(requested, { onError: (error) => toast.error(errorMessage(error, "The export failed.")) })}
            >
              Export CSV
            </Button>
          </div>
        </div>
        {log.isPending ? (
          <div className="rounded-lg border border-border bg-surface p-4">
            <SkeletonText lines={8} />
          </div>
        ) : log.isError ? (
          <ErrorState message={errorMessage(log.error)} onRetry={() => void log.refetch()} retrying={log.isFetching} />
        ) : log.data.results.length === 0 && log.data.count > 0 ? (
          <PastTheEnd lastPage={pageCount} onPageChange={(next) => navigate(applied, next)} />
        ) : log.data.results.length === 0 ? (
          <EmptyState
            title={filtered ? "No entries match these filters" : "Nothing has happened yet"}
            description={filtered ? "Widen the date range or clear a filter." : "Changes to products, users, settings and credits will be listed here."}
          />
        ) : (
          <>
            <ul aria-label="Audit entries" className="space-y-3 sm:hidden">
              {log.data.results.map((entry) => (
                <EntryCard key={entry.id} entry={entry} onFilter={(filters) => navigate({ ...applied, ...filters })} />
              ))}
            </ul>
            <div className="hidden sm:block">
              <Table aria-label="Audit entries">
                <THead>
                  <TR>
                    <TH className="w-44">When</TH>
                    <TH className="w-48">Who</TH>
                    <TH>What</TH>
                    <TH className="w-40">Entity</TH>
                  </TR>
                </THead>
                <TBody>
                  {log.data.results.map((entry) => {
                    const { title, details } = describeEntry(entry);
                    return (
                      <TR key={entry.id} data-action={entry.action}>
                        <TD className="align-top text-fg-muted">
                          <time dateTime={entry.createdAt}>{formatDateTime(entry.createdAt, timeZone)}</time>
                        </TD>
                        <TD className="align-top">
                          <ActorCell entry={entry} onFilter={(filters) => navigate({ ...applied, ...filters })} />
                        </TD>
                        <TD className="align-top">
                          <p className="font-medium">{title}</p>
                          <EntryDetails details={details} />
                        </TD>
                        <TD className="align-top">
                          <EntityCell entry={entry} onFilter={(filters) => navigate({ ...applied, ...filters })} />
                        </TD>
                      </TR>
                    );
                  })}
                </TBody>
              </Table>
            </div>
            <Pagination page={page} pageCount={pageCount} onPageChange={(next) => navigate(applied, next)} disabled={log.isFetching} />
          </>
        )}
      </section>
    </div>
  );
}

