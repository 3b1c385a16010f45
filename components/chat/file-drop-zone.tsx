"use client";

import dynamic from "next/dynamic";
import { useRef, useState, type DragEvent, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";

// Shown only while a file is dragged over the chat: its code is fetched once the chat is up (preloadDropHighlight).
const DropHighlight = dynamic(() => import("./file-drop-highlight").then((module) => module.FileDropHighlight), { ssr: false });
export const preloadDropHighlight = () => void import("./file-drop-highlight").catch(() => undefined);

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
      {over ? <DropHighlight /> : null}
    </div>
  );
}
