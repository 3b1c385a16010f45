import { renderToStaticMarkup } from "react-dom/server";
import { useForm } from "react-hook-form";
import { describe, expect, it } from "vitest";
import { InteractiveFieldset } from "@/components/ui/interactive-fieldset";
import { registerWithDefaults } from "./form-defaults";

type Values = { name: string; cost: number; listed: boolean; hidden: boolean };
const defaults: Values = { name: "Ollie & co", cost: 3, listed: true, hidden: false };

function ServerRenderedForm() {
  const { register } = useForm<Values>({ defaultValues: defaults });
  const field = registerWithDefaults(register, defaults);
  return (
    <form>
      <InteractiveFieldset>
        <input {...field("name")} />
        <input type="number" {...field("cost", { valueAsNumber: true })} />
        <input type="checkbox" {...field("listed")} />
        <input type="checkbox" {...field("hidden")} />
      </InteractiveFieldset>
    </form>
  );
}

describe("a form as the server renders it", () => {
  const markup = renderToStaticMarkup(<ServerRenderedForm />);

  it("carries each field's starting value, so it paints filled in", () => {
    expect(markup).toContain('<input name="name" value="Ollie &amp; co"/>');
    expect(markup).toContain('<input type="number" name="cost" value="3"/>');
    expect(markup).toContain('<input type="checkbox" name="listed" checked=""/>');
    expect(markup).toContain('<input type="checkbox" name="hidden"/>');
  });

  it("is disabled until hydrated, so nothing typed earlier is overwritten or sent around the form's handler", () => {
    expect(markup).toMatch(/^<form><fieldset disabled="" class="min-w-0">/);
  });
});
