import type { GetServerSidePropsContext } from "next";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import type { AppProps } from "next/app";
import VisitorApp from "@/pages/_app";
import VisitorFrontPage, { getServerSideProps as frontPageProps } from "@/pages/visitor";
import VisitorStorefrontPage, { getServerSideProps as storefrontProps } from "@/pages/visitor/shop/[slug]";
import VisitorProductPage, { getServerSideProps as productProps } from "@/pages/visitor/shop/[slug]/[product]";
import { createBusiness, createProduct } from "@/test/factories";
import { staticPageProps, type StaticPageProps } from "./static-page";

/**
 * A visitor's pages without script (pages/visitor) on a real database: the data their server side
 * loads, the 404 of what does not exist, and the HTML they render from it.
 */

type Business = Awaited<ReturnType<typeof createBusiness>>;
let business: Business;
let lamp: string;
let draft: string;

function context(params: Record<string, string>, query: Record<string, string> = {}) {
  const res = { statusCode: 200 };
  return { res, context: { params, query: { ...params, ...query }, res, req: {}, resolvedUrl: "/" } as unknown as GetServerSidePropsContext };
}

async function propsOf<P>(result: Promise<unknown>): Promise<StaticPageProps<P>> {
  const answer = (await result) as { props: StaticPageProps<P> };
  expect(answer).toHaveProperty("props");
  return answer.props;
}

beforeAll(async () => {
  business = await createBusiness({ name: "Lamp & Co" });
  lamp = (await createProduct({ businessId: business.id, status: "approved", name: "Brass Desk Lamp", description: "**Dimmable** and warm.", price: "64.00", category: null, stock: 3 })).id;
  await createProduct({ businessId: business.id, status: "approved", name: "Oak Shelf", price: "120.00", category: null, stock: 0 });
  draft = (await createProduct({ businessId: business.id, status: "draft", name: "Secret Prototype" })).id;
});

describe("a visitor's storefront without script", () => {
  it("loads the storefront's approved products as plain data and renders them with the filters form", async () => {
    const { context: request, res } = context({ slug: business.slug }, { q: "lamp" });
    const props = await propsOf<{ list: { results: { id: string; name: string }[] } }>(storefrontProps(request));
    expect(res.statusCode).toBe(200);
    if (!props.found) throw new Error("the storefront was not found");
    expect(props.data.list.results.map((product) => product.name)).toEqual(["Brass Desk Lamp"]);
    // What crosses to the page is JSON as it is.
    expect(JSON.parse(JSON.stringify(props))).toEqual(props);
    const html = renderToStaticMarkup(<VisitorStorefrontPage {...(props as Parameters<typeof VisitorStorefrontPage>[0])} />);
    expect(html).toContain("Brass Desk Lamp");
    expect(html).not.toContain("Oak Shelf");
    expect(html).toContain(`action="/shop/${business.slug}" method="get"`);
    expect(html).toContain('href="/login"');
    expect(html).not.toContain("<script");
  });

  it("answers 404 with the storefront's own \"not found\" for a business that does not exist", async () => {
    const { context: request, res } = context({ slug: "no-such-shop" });
    const props = await propsOf(storefrontProps(request));
    expect(res.statusCode).toBe(404);
    expect(props).toEqual({ found: false });
    const html = renderToStaticMarkup(<VisitorStorefrontPage found={false} />);
    expect(html).toContain("There is no such storefront");
    expect(html).toContain('href="/"');
  });
});

describe("a visitor's product page without script", () => {
  it("shows the picture `?image=` names and the way to sign in, never Buy", async () => {
    const { context: request, res } = context({ slug: business.slug, product: lamp }, { image: "2" });
    const props = await propsOf<{ image: string | null }>(productProps(request));
    expect(res.statusCode).toBe(200);
    if (!props.found) throw new Error("the product was not found");
    expect(props.data.image).toBe("2");
    const html = renderToStaticMarkup(<VisitorProductPage {...(props as Parameters<typeof VisitorProductPage>[0])} />);
    expect(html).toContain("Brass Desk Lamp");
    expect(html).toContain("<strong>Dimmable</strong>");
    expect(html).toContain("Sign in to buy");
    expect(html).not.toMatch(/>Buy</);
    expect(html).not.toContain("<script");
  });

  it("answers 404 for a product that is not approved, of another business, or not a product", async () => {
    const stranger = await createBusiness();
    for (const [slug, product] of [
      [business.slug, draft],
      [stranger.slug, lamp],
      [business.slug, "not-a-uuid"],
    ]) {
      const { context: request, res } = context({ slug: slug!, product: product! });
      expect(await propsOf(productProps(request)), `${slug}/${product}`).toEqual({ found: false });
      expect(res.statusCode, `${slug}/${product}`).toBe(404);
    }
  });
});

describe("a visitor's front page without script", () => {
  it("lists the storefronts and offers the way in", async () => {
    const { context: request } = context({}, { page: "not-a-number" });
    const props = await propsOf<{ page: number }>(frontPageProps(request));
    if (!props.found) throw new Error("the front page was not found");
    expect(props.data.page).toBe(1);
    const html = renderToStaticMarkup(<VisitorFrontPage {...(props as Parameters<typeof VisitorFrontPage>[0])} />);
    expect(html).toContain("Create an account");
    expect(html).toContain('href="/catalog"');
    expect(html).not.toContain("<script");
  });
});

describe("a visitor's page whose data fails to load", () => {
  it("answers 500 with the app's own page, in the visitor's header, naming a reference and no internals", async () => {
    const { context: request, res } = context({ slug: business.slug });
    const props = await propsOf(
      staticPageProps(request, async () => {
        throw new Error("connection to 10.0.0.7 refused");
      }),
    );
    expect(res.statusCode).toBe(500);
    if (props.found || !props.failure) throw new Error("the failure was not reported");
    expect(props.failure.reference).toMatch(/^[0-9a-f]{8}$/);
    // What the Pages Router renders for it: _app shows the failure in place of the page asked for.
    const app = { Component: VisitorStorefrontPage, pageProps: props } as unknown as AppProps<{ failure?: { reference: string } }>;
    const html = renderToStaticMarkup(<VisitorApp {...app} />);
    expect(html).toContain("This page could not be shown");
    expect(html).toContain(props.failure.reference);
    expect(html).toContain('href="/login"');
    expect(html).not.toContain("10.0.0.7");
    expect(html).not.toContain("There is no such storefront");
    expect(html).not.toContain("<script");
  });
});

