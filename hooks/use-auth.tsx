"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { Session } from "next-auth";
import dynamic from "next/dynamic";
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import type { SessionStatus } from "@/components/layout/session-sync";
import type { Role } from "@/db/schema";
import { api, heldRefreshToken, setSessionLostHandler, setTokens } from "@/lib/api-client";
import { nextAuthClient } from "@/lib/auth/next-auth-client";
import { ME_QUERY_KEY } from "@/lib/query-keys";

export type CurrentUser = {
  id: string;
  email: string;
  name: string;
  role: Role;
  business: { id: string; name: string };
  /** A new email asked for and waiting for its mailed link (GET /api/auth/me); the sign-in email is still `email`. */
  pendingEmail?: string | null;
};

/** GET /api/auth/me: the one place the tab keeps the signed-in member's balance. */
export type Me = { user: CurrentUser; credits: number; mustChangePassword: boolean };

type AuthState = {
  status: "loading" | "authenticated" | "unauthenticated";
  user: CurrentUser | null;
  credits: number | null;
  role: Role | null;
  /** Signed in with a temporary password: /account asks for a new one before anything else. */
  mustChangePassword: boolean;
  signOut: () => Promise<void>;
};

/**
 * What the context carries changes only when the member signs in or out: a context whose value changes
 * makes React render every boundary below it that is still waiting to hydrate, and one whose code has not
 * come yet (a stored conversation's messages) would swap the server's HTML for its skeleton. The member
 * and their balance, which change while the page hydrates (a message sent from another tab), are read from
 * the query by each component that shows them (useAuth).
 */
type AuthSession = { sessionStatus: SessionStatus; signedIn: () => void; signOut: AuthState["signOut"] };

const AuthContext = createContext<AuthSession | null>(null);

const readMe = async () => (await api.get<Me>("/api/auth/me")).data;

export { ME_QUERY_KEY };

const SessionSync = dynamic(() => import("@/components/layout/session-sync"), { ssr: false });

/**
 * `session` is the one the server read for this page: the tab starts signed in or out from it, and
 * next-auth's client (loaded after the page) keeps it in step afterwards.
 */
export function AuthProvider({ children, session }: { children: ReactNode; session: Session | null }) {
  const [sessionStatus, setSessionStatus] = useState<SessionStatus>(session ? "authenticated" : "unauthenticated");
  const queryClient = useQueryClient();

  const signOut = useCallback(async () => {
    const refresh = heldRefreshToken();
    if (refresh) await api.post("/api/auth/logout", { refresh }).catch(() => undefined);
    setTokens(null);
    queryClient.clear();
    await (await nextAuthClient.preload()).signOut({ callbackUrl: "/login" });
  }, [queryClient]);

  useEffect(() => {
    setSessionLostHandler(() => void signOut());
    return () => setSessionLostHandler(null);
  }, [signOut]);

  const signedIn = useCallback(() => setSessionStatus("authenticated"), []);

  const value = useMemo(() => ({ sessionStatus, signedIn, signOut }), [sessionStatus, signedIn, signOut]);

  return (
    <AuthContext.Provider value={value}>
      <SessionSync session={session} onStatus={setSessionStatus} />
      {children}
    </AuthContext.Provider>
  );
}

function useAuthSession(): AuthSession {
  const context = useContext(AuthContext);
  if (!context) throw new Error("useAuth must be used inside <AuthProvider>");
  return context;
}

export function useAuth(): AuthState {
  const { sessionStatus, signOut } = useAuthSession();
  const me = useQuery({ queryKey: ME_QUERY_KEY, queryFn: readMe, enabled: sessionStatus === "authenticated", staleTime: 30_000 });
  const status =
    sessionStatus === "authenticated" && me.isPending && !me.isError ? "loading" : sessionStatus === "authenticated" && me.data ? "authenticated" : "unauthenticated";
  return {
    status,
    user: me.data?.user ?? null,
    credits: me.data?.credits ?? null,
    role: me.data?.user.role ?? null,
    mustChangePassword: me.data?.mustChangePassword === true,
    signOut,
  };
}

/** The sign-up form's word that the browser has just signed in (its session came with the sign-up). */
export function useSignedIn(): () => void {
  return useAuthSession().signedIn;
}
