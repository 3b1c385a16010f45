"use client";

import { useRef, useState, type DragEvent, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { FileIcon } from "./file-icon";

export interface FileDropZoneProps {
  onFiles: (files: File[]) => void;
  children: ReactNode;
  className?: string;
}

const carriesFiles = (event: DragEvent) => Array.from(event.dataTransfer.types).includes("Files");

/**
 * Wraps the conversation and the composer: dragging a file over it shows where it will land, and
 * dropping hands the files over. Text dragged within the page is left to the browser.
 */
export function FileDropZone({ onFiles, children, className }: FileDropZoneProps) {
  const [over, setOver] = useState(false);
  // dragenter/dragleave fire for every child crossed; the highlight goes only when the pointer leaves the zone.
  const depth = useRef(0);

  const onDragEnter = (event: DragEvent<HTMLDivElement>) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    depth.current += 1;
    setOver(true);
  };
  const onDragOver = (event: DragEvent<HTMLDivElement>) => {
    if (!carriesFiles(event)) return;
    // Without this the browser would open the dropped file in place of the app.
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
  };
  const onDragLeave = (event: DragEvent<HTMLDivElement>) => {
    if (!carriesFiles(event)) return;
    depth.current = Math.max(0, depth.current - 1);
    if (depth.current === 0) setOver(false);
  };
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    depth.current = 0;
    setOver(false);
    const files = Array.from(event.dataTransfer.files);
    if (files.length > 0) onFiles(files);
  };

  return (
    <div
      className={cn("relative", className)}
      onDragEnter={onDragEnter}
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
      data-testid="file-drop-zone"
    >
      {children}
      {over ? (
        <div
          data-testid="file-drop-highlight"
          className="pointer-events-none absolute inset-2 z-10 flex flex-col items-center justify-center gap-2 rounded-lg border-2 border-dashed border-accent bg-surface/90 text-center"
        >
          <FileIcon className="size-8 text-accent-fg" />
          <p className="px-4 text-sm font-medium text-fg">Drop a CSV or JSON file to attach it</p>
        </div>
      ) : null}
    </div>
  );
}
