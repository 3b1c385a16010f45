const dateTime = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" });

export function formatLastLogin(value: string | null): string {
  return value ? dateTime.format(new Date(value)) : "Never";
}

export function formatDateTime(value: string): string {
  return dateTime.format(new Date(value));
}
