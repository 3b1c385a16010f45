import { describe, expect, it, vi } from "vitest";

async function freshToasts() {
  vi.resetModules();
  return import("./toast");
}

function recordingOutlet() {
  const shown: string[] = [];
  const outlet = {
    success: vi.fn((message: string) => void shown.push(`success: ${message}`)),
    error: vi.fn((message: string) => void shown.push(`error: ${message}`)),
    info: vi.fn((message: string) => void shown.push(`info: ${message}`)),
  };
  return { shown, outlet: outlet as unknown as Parameters<Awaited<ReturnType<typeof freshToasts>>["toastOutletMounted"]>[0] };
}

describe("toasts", () => {
  it("raised before the toaster has loaded wait for it and go out in order, with their options", async () => {
    const { toast, toastOutletMounted } = await freshToasts();
    const { shown, outlet } = recordingOutlet();
    toast.success("Saved");
    toast.error("Not sent", { description: "Try again." });
    expect(shown).toEqual([]);
    toastOutletMounted(outlet);
    expect(shown).toEqual(["success: Saved", "error: Not sent"]);
    expect(outlet.error).toHaveBeenCalledWith("Not sent", { description: "Try again." });
    toast.info("Later");
    expect(shown).toEqual(["success: Saved", "error: Not sent", "info: Later"]);
  });

  it("a toast raised while no toaster is mounted asks it to load again; after an unmount toasts wait for the next", async () => {
    const { toast, toastOutletMounted, onToastWaiting } = await freshToasts();
    const retry = vi.fn();
    const stop = onToastWaiting(retry);
    toast.error("Offline");
    expect(retry).toHaveBeenCalledTimes(1);
    stop();
    toast.error("Still offline");
    expect(retry).toHaveBeenCalledTimes(1);

    const first = recordingOutlet();
    const unmount = toastOutletMounted(first.outlet);
    expect(first.shown).toEqual(["error: Offline", "error: Still offline"]);
    unmount();
    toast.success("Back");
    expect(first.shown).toHaveLength(2);
    const second = recordingOutlet();
    toastOutletMounted(second.outlet);
    expect(second.shown).toEqual(["success: Back"]);
  });
});
