import { SITE_DESCRIPTION, type PageHead } from "@/lib/pages/page-head";
import { firstParam, type PageSearchParams } from "@/lib/pages/search-params";

/** /login's head, the same under either router (app/(site)/login/page.tsx, pages/visitor/login.tsx). */
export const LOGIN_HEAD: PageHead = { title: "Sign in", description: SITE_DESCRIPTION };

/** What /login's query asks of the form: where to go after signing in, and whether a reset just changed the password. */
export type LoginPageQuery = { callbackUrl: string | null; passwordChanged: boolean };

export function loginPageQuery(query: PageSearchParams): LoginPageQuery {
  return { callbackUrl: firstParam(query.callbackUrl) ?? null, passwordChanged: firstParam(query.reset) === "1" };
}
