import { randomBytes } from "node:crypto";
import { isIP } from "node:net";
import { env } from "@/lib/env";

/**
 * The header the Node HTTP server stamps with the TCP peer's address (lib/rate-limit/socket-address.ts,
 * installed by instrumentation.ts). Next fills X-Forwarded-For from the socket only when the client
 * sent none, so that header alone is whatever the client chose; this one it cannot set.
 */
export const SOCKET_ADDRESS_HEADER = "x-socket-address";

const STAMP_KEY = Symbol.for("product-assistant.socket-address-stamp-key");
const globalForStamp = globalThis as unknown as { [STAMP_KEY]?: string };

// A secret of this process: a copy of the header that a client sent before the stamp was installed
// (requests parsed during start-up) cannot carry it, so it is ignored instead of trusted.
// On globalThis because instrumentation and route handlers are separate bundles in one process.
function stampKey(): string {
  globalForStamp[STAMP_KEY] ??= randomBytes(16).toString("hex");
  return globalForStamp[STAMP_KEY];
}

/** The header value that vouches for `address` as this process's socket peer. */
export function socketAddressStamp(address: string): string {
  return `${stampKey()} ${address}`;
}

/** The socket peer's address from a stamp this process wrote, or null (missing, forged, or not an address). */
export function stampedSocketAddress(headers: Headers): string | null {
  const value = headers.get(SOCKET_ADDRESS_HEADER);
  if (!value) return null;
  const [key, address] = value.split(" ");
  if (key !== stampKey() || !address) return null;
  return normalizeAddress(address);
}

/** "::ffff:192.0.2.1" (IPv4 on a dual-stack socket) → "192.0.2.1"; anything that is not an IP → null. */
function normalizeAddress(raw: string): string | null {
  const address = raw.trim().replace(/^\[(.*)\]$/, "$1");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const candidate = mapped ? mapped[1]! : address;
  return isIP(candidate) ? candidate.toLowerCase() : null;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a trailing dotted quad as two groups, a zone dropped). */
function ipv6Groups(address: string): number[] {
  const groupsOf = (part: string) =>
    part
      ? part.split(":").flatMap((group) => {
          if (!group.includes(".")) return [parseInt(group, 16)];
          const [a, b, c, d] = group.split(".").map(Number) as [number, number, number, number];
          return [(a << 8) | b, (c << 8) | d];
        })
      : [];
  const [head = "", tail] = address.replace(/%.*$/, "").split("::");
  const front = groupsOf(head);
  if (tail === undefined) return front;
  const back = groupsOf(tail);
  return [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
}

/**
 * Who an address counts as: an IPv4 address itself; an IPv6 address its /64, since every network
 * hands a subscriber at least a /64 (RFC 6177) whose 2^64 addresses its devices pick at will, so
 * counting each would give one client a fresh allowance per address. NAT64 addresses (64:ff9b::/96)
 * stand for an IPv4 client each and are kept whole.
 */
function limitedAddress(address: string): string {
  if (isIP(address) !== 6) return address;
  const groups = ipv6Groups(address);
  if (groups.slice(0, 6).join(":") === "100:65435:0:0:0:0") return address;
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(":")}::/64`;
}

/**
 * The caller's address for rate limits: an IPv6 client as its /64 (`2001:db8:0:1::/64`). With
 * TRUSTED_PROXY_HOPS = 0 (the default) it is the socket peer and X-Forwarded-For is ignored, since
 * anyone can send one. With N trusted proxies, each appending its peer, the chain is the header's
 * entries followed by the socket peer, and the client is the entry N hops from the end: entries
 * further left were written by the client itself. "unknown" when no socket address was stamped (a
 * request handled outside the Node server).
 */
export function clientIp(headers: Headers, hops: number = env().TRUSTED_PROXY_HOPS): string {
  const socket = stampedSocketAddress(headers);
  if (!socket) return "unknown";
  if (hops === 0) return limitedAddress(socket);
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const chain = [...forwarded, socket];
  // Fewer entries than hops: the request skipped a proxy; the leftmost entry is the best there is.
  const client = normalizeAddress(chain[Math.max(0, chain.length - 1 - hops)]!);
  return client ? limitedAddress(client) : "unknown";
}
