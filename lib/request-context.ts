/** What a service knows about the request it serves, beyond the actor: the same argument everywhere. */
export type RequestContext = { requestId?: string };
