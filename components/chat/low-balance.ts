/** Below five messages' worth of credits the header warns (docs/architecture.md §4, credits). */
export const LOW_BALANCE_MESSAGES = 5;

export function isLowBalance({ credits, messageCost }: { credits: number; messageCost: number }): boolean {
  return credits < LOW_BALANCE_MESSAGES * messageCost;
}
