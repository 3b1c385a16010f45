import { onTestFinished } from "vitest";
import { env, resetEnv } from "@/lib/env";

/**
 * Runs the rest of the current test with these operator settings, and puts the previous ones back
 * when it ends. The secrets a test run generates are pinned first, so tokens minted before (in a
 * `beforeAll`, say) stay valid across both re-reads of the environment.
 */
export function withOperatorSettings(settings: Record<string, string>): void {
  const current = env();
  process.env.JWT_SECRET ??= current.JWT_SECRET;
  process.env.NEXTAUTH_SECRET ??= current.NEXTAUTH_SECRET;
  const previous = Object.fromEntries(Object.keys(settings).map((name) => [name, process.env[name]]));
  onTestFinished(() => {
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetEnv();
  });
  Object.assign(process.env, settings);
  resetEnv();
}
