export function startScriptNodeFlags(): string[];
export function startScriptVariables(callerEnv?: Record<string, string | undefined>): Record<string, string>;
export function startScriptEnvironment(callerEnv?: Record<string, string | undefined>, extraNodeOptions?: string): Record<string, string>;
