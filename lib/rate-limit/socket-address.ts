import type { IncomingMessage } from "node:http";
import { subscribe } from "node:diagnostics_channel";
import type { Socket } from "node:net";
import { SOCKET_ADDRESS_HEADER, socketAddressStamp } from "./client-ip";

type RequestStart = { request: IncomingMessage; socket: Socket };

const INSTALLED = Symbol.for("product-assistant.socket-address-stamp-installed");
const globalForInstall = globalThis as unknown as { [INSTALLED]?: boolean };

function stamp(message: unknown): void {
  const { request, socket } = message as RequestStart;
  // Overwrites any copy the client sent; "unknown" still overwrites it when the peer has gone.
  request.headers[SOCKET_ADDRESS_HEADER] = socketAddressStamp(socket?.remoteAddress ?? "unknown");
}

/**
 * Stamps every request the process's Node HTTP servers receive with its socket peer's address,
 * through the `http.server.request.start` diagnostics channel, which Node publishes synchronously
 * before the server's `request` event: before Next (or anything else) sees the request.
 * Called once from instrumentation.ts `register()`; idempotent.
 */
export function installSocketAddressStamp(): void {
  if (globalForInstall[INSTALLED]) return;
  globalForInstall[INSTALLED] = true;
  subscribe("http.server.request.start", stamp);
}
