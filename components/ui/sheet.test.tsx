import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Sheet } from "./sheet";

// The wiring assistive tech reads; opening, the focus trap and Escape are covered in e2e/chat-mobile.spec.ts.
describe("Sheet", () => {
  it("is a dialog named by its title, with a close button, holding its content only while open", () => {
    const open = renderToStaticMarkup(
      <Sheet open onClose={() => {}} title="Conversations">
        <button type="button">First conversation</button>
      </Sheet>,
    );
    const labelledBy = open.match(/<dialog\b[^>]*aria-labelledby="([^"]+)"/)?.[1];
    expect(labelledBy).toBeTruthy();
    expect(open).toContain(`<h2 id="${labelledBy}"`);
    expect(open).toMatch(/<h2[^>]*>Conversations<\/h2>/);
    expect(open).toContain('aria-label="Close"');
    expect(open).toContain("First conversation");

    const closed = renderToStaticMarkup(
      <Sheet open={false} onClose={() => {}} title="Conversations">
        <button type="button">First conversation</button>
      </Sheet>,
    );
    expect(closed).toMatch(/^<dialog\b/);
    expect(closed).not.toContain("First conversation");
    expect(closed).not.toContain("Conversations");
  });

  it("slides from the side it is given", () => {
    const left = renderToStaticMarkup(<Sheet open onClose={() => {}} title="A" />);
    const right = renderToStaticMarkup(<Sheet open onClose={() => {}} side="right" title="A" />);
    expect(left).toMatch(/<dialog[^>]*class="[^"]*\bleft-0\b[^"]*\bborder-r\b/);
    expect(right).toMatch(/<dialog[^>]*class="[^"]*\bright-0\b[^"]*\bborder-l\b/);
  });
});
