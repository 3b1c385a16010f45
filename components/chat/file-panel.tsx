"use client";

import { useEffect, useRef, useState } from "react";
import { useTimeZone } from "@/components/layout/time-zone";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { ErrorState } from "@/components/ui/error-state";
import { Pagination } from "@/components/ui/pagination";
import { SkeletonList } from "@/components/ui/skeleton";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { useChatFileRows, useDeleteChatFile } from "@/hooks/use-chat-file";
import { errorMessage } from "@/lib/api-client";
import { formatCount, formatDateTime, formatFileSize } from "@/lib/format";
import type { ChatFileDto, ChatFileRowDto } from "@/lib/files/schemas";

export const FILE_PAGE_SIZE = 20;

const TYPE_LABELS: Record<ChatFileDto["columns"][number]["type"], string> = {
  integer: "Whole number",
  number: "Number",
  boolean: "Yes/no",
  date: "Date",
  text: "Text",
};

export interface FilePanelProps {
  /** The file shown; null closes the panel. */
  file: ChatFileDto | null;
  onClose: () => void;
  /** After a delete: the chip that opened the panel is gone, so the caller decides where focus goes. */
  onDeleted?: () => void;
}

/** One attached file: what it holds, its columns, its records a page at a time, and Delete. */
export function FilePanel({ file, onClose, onDeleted }: FilePanelProps) {
  const remove = useDeleteChatFile();
  const [confirming, setConfirming] = useState(false);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const deleteRef = useRef<HTMLButtonElement>(null);
  const toggled = useRef(false);

  // The button that was pressed leaves the footer, so focus moves to its counterpart instead of <body>.
  useEffect(() => {
    if (!toggled.current) return;
    toggled.current = false;
    (confirming ? cancelRef : deleteRef).current?.focus();
  }, [confirming]);

  const askToConfirm = (next: boolean) => {
    toggled.current = true;
    setConfirming(next);
  };

  const close = () => {
    if (remove.isPending) return;
    setConfirming(false);
    remove.reset();
    onClose();
  };

  const confirmDelete = () => {
    if (!file) return;
    remove.mutate(file, {
      onSuccess: () => {
        setConfirming(false);
        onClose();
        onDeleted?.();
      },
    });
  };

  return (
    <Dialog
      open={file !== null}
      onClose={close}
      title={<span className="break-all">{file?.name}</span>}
      description={file?.summary}
      size="lg"
      footer={
        !file ? null : confirming ? (
          <div className="flex w-full flex-wrap items-center justify-end gap-2">
            <p className="mr-auto min-w-0 text-sm text-fg">
              Delete <span className="font-medium break-all">{file.name}</span>? The assistant can no longer use it. This can&rsquo;t be undone.
            </p>
            <Button ref={cancelRef} type="button" variant="secondary" onClick={() => askToConfirm(false)}>
              Cancel
            </Button>
            <Button type="button" variant="danger" loading={remove.isPending} onClick={confirmDelete}>
              Delete file
            </Button>
          </div>
        ) : (
          <>
            <Button ref={deleteRef} type="button" variant="danger" className="mr-auto" onClick={() => askToConfirm(true)}>
              Delete
            </Button>
            <Button type="button" variant="secondary" onClick={close}>
              Close
            </Button>
          </>
        )
      }
    >
      {file ? (
        <div className="min-w-0 space-y-5">
          {remove.isError ? (
            <p role="alert" className="rounded-lg border border-danger/40 px-3 py-2 text-danger-fg">
              {errorMessage(remove.error, "The file could not be deleted.")}
            </p>
          ) : null}
          <FileFacts file={file} />
          <FileColumns file={file} />
          <FileRows key={file.id} file={file} />
        </div>
      ) : null}
    </Dialog>
  );
}

function FileFacts({ file }: { file: ChatFileDto }) {
  const timeZone = useTimeZone();
  const facts: [string, string][] = [
    ["Type", file.type.toUpperCase()],
    ["Size", formatFileSize(file.size)],
    ["Rows", formatCount(file.rows)],
    ["Attached", formatDateTime(file.uploadedAt, timeZone)],
  ];
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
      {facts.map(([label, value]) => (
        <div key={label} className="min-w-0 rounded-lg bg-surface-muted px-3 py-2">
          <dt className="text-xs text-fg-muted">{label}</dt>
          <dd className="font-medium break-words text-fg">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function FileColumns({ file }: { file: ChatFileDto }) {
  return (
    <section aria-labelledby={`${file.id}-columns`} className="space-y-2">
      <h3 id={`${file.id}-columns`} className="font-semibold text-fg">
        Columns
      </h3>
      <Table aria-label={`Columns of ${file.name}`}>
        <THead>
          <TR>
            <TH>Name</TH>
            <TH>Type</TH>
            <TH className="text-right">Empty</TH>
            <TH>Range</TH>
          </TR>
        </THead>
        <TBody>
          {file.columns.map((column) => (
            <TR key={column.name}>
              <TH scope="row" className="max-w-48 truncate py-2" title={column.name}>
                {column.name}
              </TH>
              <TD className="py-2 whitespace-nowrap text-fg-muted">{TYPE_LABELS[column.type]}</TD>
              <TD className="py-2 text-right tabular-nums">{formatCount(column.nulls)}</TD>
              <TD className="py-2 whitespace-nowrap text-fg-muted">
                {column.min !== undefined && column.max !== undefined ? `${column.min} – ${column.max}` : "—"}
              </TD>
            </TR>
          ))}
        </TBody>
      </Table>
    </section>
  );
}

function FileRows({ file }: { file: ChatFileDto }) {
  const [page, setPage] = useState(1);
  const rows = useChatFileRows(file.id, { limit: FILE_PAGE_SIZE, offset: (page - 1) * FILE_PAGE_SIZE });
  const count = rows.data?.count ?? file.rows;
  const results = rows.data?.results ?? [];
  const first = count === 0 ? 0 : (page - 1) * FILE_PAGE_SIZE + 1;
  const last = Math.min(count, (page - 1) * FILE_PAGE_SIZE + results.length);

  return (
    <section aria-labelledby={`${file.id}-rows`} className="space-y-2">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 id={`${file.id}-rows`} className="font-semibold text-fg">
          Rows
        </h3>
        {rows.data ? (
          <p className="text-xs text-fg-muted" aria-live="polite" data-testid="file-rows-range">
            Rows {formatCount(first)}–{formatCount(last)} of {formatCount(count)}
          </p>
        ) : null}
      </div>
      {rows.isPending ? (
        <SkeletonList label="Loading rows" count={5} itemClassName="h-8" />
      ) : rows.isError ? (
        <ErrorState
          title="The rows could not be loaded"
          message={errorMessage(rows.error, "Please try again.")}
          onRetry={() => void rows.refetch()}
          retrying={rows.isFetching}
        />
      ) : (
        <>
          <Table aria-label={`Rows of ${file.name}`} aria-busy={rows.isPlaceholderData || undefined} className="text-xs">
            <THead>
              <TR>
                <TH className="w-12 px-3 text-right">#</TH>
                {file.columns.map((column) => (
                  <TH key={column.name} className="px-3 whitespace-nowrap">
                    {/* The file's own header, as the assistant and a query name it: never re-cased. */}
                    <span className="normal-case">{column.name}</span>
                  </TH>
                ))}
              </TR>
            </THead>
            <TBody>
              {results.map((row) => (
                <TR key={row._row}>
                  <TD className="px-3 py-2 text-right text-fg-muted tabular-nums">{row._row}</TD>
                  {file.columns.map((column) => (
                    <Cell key={column.name} row={row} name={column.name} numeric={column.type === "integer" || column.type === "number"} />
                  ))}
                </TR>
              ))}
            </TBody>
          </Table>
          {count > FILE_PAGE_SIZE ? (
            <Pagination page={page} pageCount={Math.ceil(count / FILE_PAGE_SIZE)} onPageChange={setPage} disabled={rows.isFetching} />
          ) : null}
        </>
      )}
    </section>
  );
}

function Cell({ row, name, numeric }: { row: ChatFileRowDto; name: string; numeric: boolean }) {
  const value = row[name];
  if (value === null || value === undefined || value === "") {
    return (
      <TD className="px-3 py-2 text-fg-muted">
        <span aria-hidden="true">—</span>
        <span className="sr-only">empty</span>
      </TD>
    );
  }
  const text = String(value);
  return (
    <TD className={numeric ? "px-3 py-2 text-right whitespace-nowrap tabular-nums" : "max-w-64 truncate px-3 py-2"} title={text.length > 40 ? text : undefined}>
      {text}
    </TD>
  );
}
