import { SITE_DESCRIPTION, type PageHead } from "@/lib/pages/page-head";

/** /login's head, the same under either router (app/(site)/login/page.tsx, pages/visitor/login.tsx). */
export const LOGIN_HEAD: PageHead = { title: "Sign in", description: SITE_DESCRIPTION };

/** What /login's query asks of the form: where to go after signing in, and whether a reset just changed the password. */
export type LoginPageQuery = { callbackUrl: string | null; passwordChanged: boolean };

function first(value: string | string[] | undefined): string | null {
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

export function loginPageQuery(query: Record<string, string | string[] | undefined>): LoginPageQuery {
  return { callbackUrl: first(query.callbackUrl), passwordChanged: first(query.reset) === "1" };
}
