export function startScriptNodeFlags(): string[];
export function startScriptNodeOptions(callerOptions?: string): string;
