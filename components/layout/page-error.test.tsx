import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { PageError } from "./page-error";

function failure(name: string, message: string, digest?: string): Error & { digest?: string } {
  const error: Error & { digest?: string } = new Error(message);
  error.name = name;
  if (digest) error.digest = digest;
  return error;
}

// Retry's two actions (reload after a failed download, Next's retry otherwise) run in
// e2e/first-render.spec.ts; here, what each kind of failure tells the person.
describe("PageError", () => {
  it("names the page's failure as a heading and an alert with Retry", () => {
    const html = renderToStaticMarkup(<PageError error={failure("Error", "boom")} retry={() => {}} />);
    expect(html).toMatch(/<h1[^>]*>This page could not be shown<\/h1>/);
    expect(html).toContain('role="alert"');
    expect(html).toMatch(/<button[^>]*>.*Retry.*<\/button>/);
  });

  it("asks for a retry of code that could not be downloaded, and quotes no reference", () => {
    const html = renderToStaticMarkup(<PageError error={failure("ChunkLoadError", "Failed to load chunk /_next/static/chunks/a.js", "123")} retry={() => {}} />);
    expect(html).toContain("Part of the page could not be downloaded");
    expect(html).not.toContain("123");
  });

  it("quotes the server's reference for a failure of its own, and never the error's text", () => {
    const html = renderToStaticMarkup(<PageError error={failure("Error", 'relation "users" does not exist', "2805631178")} retry={() => {}} />);
    expect(html).toContain("tell your admin the reference 2805631178");
    expect(html).not.toContain("relation");
  });

  it("without a reference (a failure in the browser), suggests reloading", () => {
    const html = renderToStaticMarkup(<PageError error={failure("TypeError", "x is undefined")} retry={() => {}} />);
    expect(html).toContain("reload the page");
    expect(html).not.toContain("undefined");
  });
});
