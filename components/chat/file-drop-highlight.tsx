import { FileIcon } from "./file-icon";

/** Where a file dragged over the chat will land (components/chat/file-drop-zone.tsx). */
export function FileDropHighlight() {
  return (
    <div
      data-testid="file-drop-highlight"
      className="pointer-events-none absolute inset-2 z-10 flex flex-col items-center justify-center gap-2 rounded-lg border-2 border-dashed border-accent bg-surface/90 text-center"
    >
      <FileIcon className="size-8 text-accent-fg" />
      <p className="px-4 text-sm font-medium text-fg">Drop a CSV or JSON file to attach it</p>
    </div>
  );
}
