/** What a service knows about the request it serves, beyond the actor: the same argument everywhere. */
export type RequestContext = {
  requestId?: string;
  /** The caller's network address as far as it can be trusted (lib/rate-limit/client-ip.ts). */
  clientAddress?: string;
};
