import type { Role } from "@/db/schema";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name: string; role: Role; businessId: string; mustChangePassword: boolean };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    role?: Role;
    businessId?: string;
    /** Signed in with a temporary password: every page sends them to /account until it is changed. */
    mustChangePassword?: boolean;
    /** The password's version the session was signed in with (lib/auth/session-holder.ts `passwordStamp`). */
    pwd?: number;
    /** This browser session's id, drawn at sign-in and kept by every rewrite of the cookie: signing out ends it everywhere. */
    sid?: string;
  }
}
