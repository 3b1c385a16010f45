"use client";

import { useState } from "react";
import { buttonClasses } from "@/components/ui/button";

type WidgetApi = { identify: (input: { userIdentifier: string; userHash?: string }) => void; open: () => void };

function widget(): WidgetApi | undefined {
  return (window as unknown as { ProductAssistant?: WidgetApi }).ProductAssistant;
}

const SHOPPER = "shopper@demo.test";

/** The demo page's stand-in for a shop's own sign-in: it tells the widget who the visitor is. */
export function DemoShopper() {
  const [signedIn, setSignedIn] = useState(false);
  return (
    <div className="flex flex-wrap items-center gap-3">
      {signedIn ? (
        <p className="text-sm text-fg-muted" role="status">
          Signed in as <span className="font-medium text-fg">{SHOPPER}</span>
        </p>
      ) : (
        <button
          type="button"
          className={buttonClasses({ variant: "secondary", size: "sm" })}
          onClick={() => {
            widget()?.identify({ userIdentifier: SHOPPER });
            setSignedIn(true);
          }}
        >
          Sign in as {SHOPPER}
        </button>
      )}
      <button type="button" className={buttonClasses({ size: "sm" })} onClick={() => widget()?.open()}>
        Ask our assistant
      </button>
    </div>
  );
}
