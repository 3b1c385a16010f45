"use client";

import { useId, useRef, useState } from "react";
import { Button, Input, Label } from "@/components/ui";

/** A read-only secret shown once (an invite code, a temporary password) with a Copy button. */
export function CopyField({ label, value, copyLabel }: { label: string; value: string; copyLabel: string }) {
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState<"idle" | "copied" | "manual">("idle");

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setStatus("copied");
    } catch {
      // No clipboard access (permissions, insecure origin): select it for Ctrl+C instead.
      inputRef.current?.select();
      setStatus("manual");
    }
  };

  return (
    <div className="space-y-1.5">
      <Label htmlFor={id}>{label}</Label>
      <div className="flex gap-2">
        <Input
          ref={inputRef}
          id={id}
          readOnly
          value={value}
          spellCheck={false}
          onFocus={(event) => event.currentTarget.select()}
          className="font-mono"
        />
        <Button type="button" variant="secondary" onClick={() => void copy()}>
          {copyLabel}
        </Button>
      </div>
      <p aria-live="polite" className="min-h-5 text-xs text-fg-muted">
        {status === "copied" ? "Copied to the clipboard." : status === "manual" ? "Press Ctrl+C (⌘C) to copy the selected text." : ""}
      </p>
    </div>
  );
}
