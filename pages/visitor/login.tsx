import type { GetServerSideProps } from "next";
import { LoginPageView } from "@/components/auth/login-page-view";
import { StaticPage } from "@/components/layout/static-page";
import { LOGIN_HEAD, loginPageQuery, type LoginPageQuery } from "@/lib/auth/login-page";

// The one visitor's page with script: the form signs in through next-auth's client and says what went
// wrong in place. The Pages Router's client and React weigh less than the App Router's.
export const config = { runtime: "nodejs" };

export const getServerSideProps: GetServerSideProps<LoginPageQuery> = async (context) => ({ props: loginPageQuery(context.query) });

/** /login for a visitor's load (a navigation inside the app gets app/(site)/login/page.tsx). */
export default function VisitorLoginPage(query: LoginPageQuery) {
  return (
    <StaticPage head={LOGIN_HEAD} signInPage>
      <LoginPageView {...query} />
    </StaticPage>
  );
}
