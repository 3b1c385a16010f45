import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Badge } from "./badge";
import { Button, buttonClasses } from "./button";
import { cn } from "./cn";
import { EmptyState } from "./empty-state";
import { ErrorState } from "./error-state";
import { FormField } from "./form-field";
import { Input } from "./input";
import { Label } from "./label";
import { Pagination } from "./pagination";
import { Select } from "./select";
import { SkeletonList } from "./skeleton";
import { Spinner } from "./spinner";
import { StatusBadge } from "./status-badge";
import { Table, TBody, TD, TH, THead, TR } from "./table";
import { Textarea } from "./textarea";
import { ToastOutlet } from "./toast-outlet";

// Static markup is enough for the wiring that assistive tech reads; the
// interactive behaviour (dialog focus, toasts appearing and leaving) is covered in e2e/ui-primitives.spec.ts.
function html(node: React.ReactNode): string {
  return renderToStaticMarkup(node);
}

function dom(node: React.ReactNode) {
  const markup = html(node);
  const attr = (tag: string, name: string): string | undefined => {
    const element = markup.match(new RegExp(`<${tag}\\b[^>]*>`))?.[0];
    return element?.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1];
  };
  return { markup, attr };
}

describe("cn", () => {
  it("joins only non-empty strings", () => {
    expect(cn("a", false, null, undefined, "", "b", 0)).toBe("a b");
  });
});

describe("Button", () => {
  it("while loading is busy, disabled, shows a spinner and keeps its label", () => {
    const { markup, attr } = dom(<Button loading>Save</Button>);
    expect(attr("button", "aria-busy")).toBe("true");
    expect(markup).toMatch(/<button[^>]*\sdisabled=""/);
    expect(markup).toContain("animate-spin");
    expect(markup).toContain("Save");
  });

  it("is neither busy nor disabled by default and passes native props through", () => {
    const { markup, attr } = dom(
      <Button type="submit" name="intent" value="save">
        Save
      </Button>,
    );
    expect(attr("button", "aria-busy")).toBeUndefined();
    expect(markup).not.toMatch(/\sdisabled=""/);
    expect(attr("button", "type")).toBe("submit");
    expect(attr("button", "name")).toBe("intent");
    expect(markup).not.toContain("animate-spin");
  });

  it("has a visible focus ring and variant styles", () => {
    expect(buttonClasses()).toContain("focus-ring");
    expect(buttonClasses({ variant: "danger" })).toContain("bg-danger");
    expect(buttonClasses({ variant: "ghost", size: "sm" })).toContain("h-8");
    expect(dom(<Button variant="secondary" className="w-full">x</Button>).attr("button", "class")).toContain("w-full");
  });
});

describe("FormField", () => {
  it("wires label, hint and error to the control", () => {
    const { markup, attr } = dom(
      <FormField label="Email" hint="We never share it." error="Enter a valid email" required>
        <Input type="email" name="email" />
      </FormField>,
    );
    const id = attr("input", "id");
    expect(id).toBeTruthy();
    expect(attr("label", "for")).toBe(id);
    expect(attr("input", "aria-invalid")).toBe("true");
    expect(attr("input", "required")).toBe("");
    expect(attr("input", "aria-describedby")).toBe(`${id}-hint ${id}-error`);
    expect(markup).toContain(`<p id="${id}-hint"`);
    expect(markup).toMatch(new RegExp(`<p id="${id}-error" role="alert"[^>]*>Enter a valid email</p>`));
  });

  it("without an error the control is valid and nothing is announced", () => {
    const { markup, attr } = dom(
      <FormField label="Name">
        <Input id="name" />
      </FormField>,
    );
    expect(attr("input", "id")).toBe("name");
    expect(attr("label", "for")).toBe("name");
    expect(attr("input", "aria-invalid")).toBeUndefined();
    expect(attr("input", "aria-describedby")).toBeUndefined();
    expect(markup).not.toContain('role="alert"');
  });

  it("supports a render function and keeps the control's own describedby", () => {
    const { attr } = dom(
      <FormField label="Status" error="Pick one" id="status">
        {(control) => (
          <Select {...control} aria-describedby="extra">
            <option>draft</option>
          </Select>
        )}
      </FormField>,
    );
    expect(attr("select", "id")).toBe("status");
    expect(attr("select", "aria-invalid")).toBe("true");
    expect(attr("select", "aria-describedby")).toBe("extra");
    const cloned = dom(
      <FormField label="Description" error="Too short">
        <Textarea id="d" aria-describedby="counter" />
      </FormField>,
    );
    expect(cloned.attr("textarea", "aria-describedby")).toBe("counter d-error");
  });
});

describe("Label", () => {
  it("marks required visually without changing the accessible name", () => {
    expect(html(<Label required>Email</Label>)).toMatch(/Email<span aria-hidden="true"[^>]*>\*<\/span>/);
  });
});

describe("StatusBadge", () => {
  it.each([
    ["draft", "Draft"],
    ["pending_approval", "Pending approval"],
    ["approved", "Approved"],
    ["rejected", "Rejected"],
  ] as const)("%s reads as %s", (status, label) => {
    const { markup, attr } = dom(<StatusBadge status={status} />);
    expect(markup).toContain(`>${label}</span>`);
    expect(attr("span", "data-status")).toBe(status);
  });

  it("uses distinct tones", () => {
    const classes = (["draft", "pending_approval", "approved", "rejected"] as const).map((status) =>
      dom(<StatusBadge status={status} />).attr("span", "class"),
    );
    expect(new Set(classes).size).toBe(4);
    expect(dom(<Badge tone="danger">x</Badge>).attr("span", "class")).toContain("text-danger-fg");
  });
});

describe("Table", () => {
  it("renders header cells with scope inside a scroll container", () => {
    const markup = html(
      <Table aria-label="Products">
        <THead>
          <TR>
            <TH>Name</TH>
          </TR>
        </THead>
        <TBody>
          <TR>
            <TH scope="row">Desk</TH>
            <TD>1</TD>
          </TR>
        </TBody>
      </Table>,
    );
    expect(markup).toMatch(/^<div class="[^"]*overflow-x-auto[^"]*"><table aria-label="Products"/);
    expect(markup).toContain('<th scope="col"');
    expect(markup).toContain('<th scope="row"');
    expect(markup).not.toContain("role=");
    expect(markup).not.toContain("max-sm:");
  });

  it("turns rows into cards on a phone, keeping the table's roles and labelling each value", () => {
    const markup = html(
      <Table aria-label="Purchases" phone="cards">
        <THead>
          <TR>
            <TH>Product</TH>
            <TH>Total</TH>
          </TR>
        </THead>
        <TBody>
          <TR>
            <TH scope="row">Desk</TH>
            <TD label="Total">$10.00</TD>
          </TR>
        </TBody>
      </Table>,
    );
    expect(markup).toContain('<table role="table" aria-label="Purchases" data-phone="cards"');
    expect(markup).toMatch(/<thead role="rowgroup"/);
    expect(markup).toMatch(/<tr role="row" class="[^"]*max-sm:flex/);
    // Column headers are for screen readers on a phone; the row header is the card's title.
    expect(markup).toMatch(/<th scope="col" role="columnheader" class="[^"]*max-sm:sr-only/);
    expect(markup).toMatch(/<th scope="row" role="rowheader" class="[^"]*max-sm:block/);
    // The value's label is drawn by CSS on a phone only (with empty alt text): the cell's text is the value alone.
    expect(markup).toMatch(/<td role="cell" data-label="Total" class="[^"]*max-sm:before:content-\[attr\(data-label\)_\/_&#x27;&#x27;\][^"]*"><div[^>]*>\$10.00<\/div><\/td>/);
  });
});

describe("Pagination", () => {
  it("names its buttons and disables them at the bounds", () => {
    const first = html(<Pagination page={1} pageCount={3} onPageChange={() => {}} />);
    expect(first).toContain('aria-label="Pagination"');
    expect(first).toMatch(/<button[^>]*aria-label="Previous page"[^>]*disabled=""/);
    expect(first).not.toMatch(/<button[^>]*aria-label="Next page"[^>]*disabled=""/);
    expect(first.replace(/<[^>]+>/g, "")).toContain("Page 1 of 3");
    const last = html(<Pagination page={3} pageCount={3} onPageChange={() => {}} />);
    expect(last).toMatch(/<button[^>]*aria-label="Next page"[^>]*disabled=""/);
    expect(last).not.toMatch(/<button[^>]*aria-label="Previous page"[^>]*disabled=""/);
  });

  it("reads Page 1 of 1 for an empty result", () => {
    expect(html(<Pagination page={1} pageCount={0} onPageChange={() => {}} />).replace(/<[^>]+>/g, "")).toContain(
      "Page 1 of 1",
    );
  });
});

describe("states", () => {
  it("EmptyState shows title, description and action", () => {
    const markup = html(
      <EmptyState title="No products yet" description="Create your first product." action={<Button>New product</Button>} />,
    );
    expect(markup).toContain("<h2");
    expect(markup).toContain("No products yet");
    expect(markup).toContain("Create your first product.");
    expect(markup).toContain("New product");
  });

  it("ErrorState announces the message and offers Retry only with a handler", () => {
    const withRetry = html(<ErrorState message="Could not load products." onRetry={() => {}} />);
    expect(withRetry).toContain('role="alert"');
    expect(withRetry).toContain("Could not load products.");
    expect(withRetry).toMatch(/<button[^>]*>Retry<\/button>/);
    expect(html(<ErrorState message="x" />)).not.toContain("Retry");
  });

  it("SkeletonList is one busy, labelled status region of decorative blocks", () => {
    const { markup, attr } = dom(<SkeletonList label="Loading products" count={4} />);
    // A name is allowed on a role only (axe: aria-prohibited-attr on a plain div).
    expect(attr("div", "role")).toBe("status");
    expect(attr("div", "aria-busy")).toBe("true");
    expect(attr("div", "aria-label")).toBe("Loading products");
    expect(markup.match(/aria-hidden="true"/g)).toHaveLength(4);
  });

  it("the toaster, once sonner has loaded, mounts its polite live region before any toast", () => {
    const { attr } = dom(<ToastOutlet />);
    expect(attr("section", "aria-label")).toMatch(/^Notifications/);
    expect(attr("section", "aria-live")).toBe("polite");
  });

  it("Spinner is decorative unless labelled", () => {
    expect(dom(<Spinner />).attr("span", "aria-hidden")).toBe("true");
    const labelled = dom(<Spinner label="Loading products" />);
    expect(labelled.attr("span", "role")).toBe("status");
    expect(labelled.markup).toContain("Loading products");
  });
});
