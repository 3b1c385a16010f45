/**
 * The caller's address as the nearest proxy saw it. Proxies append to X-Forwarded-For, so the
 * last entry is the one a client cannot forge when the app runs behind a load balancer; with no
 * proxy, Next fills the header from the socket. Deployments must put the app behind a proxy that
 * appends (or overwrites) the header.
 */
export function clientIp(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for");
  if (forwarded) {
    const last = forwarded.split(",").map((part) => part.trim()).filter(Boolean).at(-1);
    if (last) return last;
  }
  return headers.get("x-real-ip")?.trim() || "unknown";
}
