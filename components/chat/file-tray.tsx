"use client";

import type { UploadProgress } from "@/hooks/use-chat-files";
import type { ChatFileDto } from "@/lib/files/schemas";
import { describeFile } from "./file-description";
import { FileIcon } from "./file-icon";

export interface FileTrayProps {
  files: readonly ChatFileDto[];
  progress: UploadProgress | null;
  onCancel: () => void;
  error: string | null;
  onDismissError: () => void;
  onOpen: (file: ChatFileDto) => void;
}

/** Above the message box (rendered only when it has one of these): the upload under way, the last upload's failure, and a chip for each attached file. */
export function FileTray({ files, progress, onCancel, error, onDismissError, onOpen }: FileTrayProps) {
  return (
    <div className="mb-2 space-y-2">
      {progress ? <UploadBar progress={progress} onCancel={onCancel} /> : null}
      {error ? (
        <div role="alert" className="flex items-start gap-2 rounded-lg border border-danger/40 bg-surface px-3 py-2 text-sm">
          <p className="min-w-0 flex-1 break-words text-danger-fg">{error}</p>
          <button
            type="button"
            onClick={onDismissError}
            aria-label="Dismiss"
            title="Dismiss"
            className="focus-ring -my-0.5 inline-flex size-6 shrink-0 items-center justify-center rounded-md text-fg-muted hover:bg-surface-muted hover:text-fg"
          >
            <svg viewBox="0 0 20 20" fill="none" aria-hidden="true" className="size-3.5">
              <path d="M5 5l10 10M15 5L5 15" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round" />
            </svg>
          </button>
        </div>
      ) : null}
      {files.length > 0 ? (
        <ul aria-label="Attached files" className="flex flex-wrap gap-2">
          {files.map((file) => (
            <li key={file.id} className="max-w-full min-w-0">
              <button
                type="button"
                aria-haspopup="dialog"
                onClick={() => onOpen(file)}
                title={`Open ${file.name}`}
                data-testid="file-chip"
                className="focus-ring inline-flex max-w-full items-center gap-1.5 rounded-full border border-border bg-surface px-3 py-1 text-xs text-fg shadow-sm transition-colors hover:bg-surface-muted"
              >
                <FileIcon className="size-3.5 shrink-0 text-fg-muted" />
                <span className="truncate">{describeFile(file)}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function UploadBar({ progress, onCancel }: { progress: UploadProgress; onCancel: () => void }) {
  const { name, percent } = progress;
  // The last percent is the server reading and profiling the file, which can take a moment for a big one.
  const status = percent < 100 ? `${percent}%` : "Reading the file…";
  return (
    <div className="flex items-center gap-3 rounded-lg border border-border bg-surface-muted px-3 py-2" data-testid="file-upload">
      <FileIcon className="size-4 shrink-0 text-fg-muted" />
      <div className="min-w-0 flex-1 space-y-1.5">
        <p className="flex items-baseline justify-between gap-2 text-xs">
          <span className="truncate font-medium text-fg">{name}</span>
          <span className="shrink-0 text-fg-muted tabular-nums">{status}</span>
        </p>
        <div
          role="progressbar"
          aria-label={`Uploading ${name}`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-valuetext={status}
          className="h-1.5 overflow-hidden rounded-full bg-border"
        >
          <div className="h-full rounded-full bg-accent transition-[width] duration-200" style={{ width: `${percent}%` }} />
        </div>
      </div>
      <button
        type="button"
        onClick={onCancel}
        aria-label={`Cancel uploading ${name}`}
        className="focus-ring shrink-0 rounded-md px-2 py-1 text-xs font-medium text-fg-muted hover:bg-surface hover:text-fg"
      >
        Cancel
      </button>
    </div>
  );
}
