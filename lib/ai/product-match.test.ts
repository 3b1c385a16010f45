import { describe, expect, it } from "vitest";
import { matchProduct } from "./product-match";

const product = (name: string) => ({ name });
const goldWatch = product("Gold Watch");
const plasticWatch = product("Plastic Sports Watch");
const desk = product("Standing Desk");
const converter = product("Standing Desk Converter");
const lamp = product("Desk Lamp");
const chair = product("Ergonomic Office Chair");

describe("matchProduct", () => {
  it("never turns a loose hit into a match: “cheap plastic watch” is not the gold watch", () => {
    expect(matchProduct("cheap plastic watch", [goldWatch])).toEqual({ kind: "unclear", closest: [goldWatch] });
    expect(matchProduct("cheap plastic watch", [goldWatch, plasticWatch])).toEqual({
      kind: "unclear",
      closest: [goldWatch, plasticWatch],
    });
  });

  it("matches the product whose name is the request, whatever the case and plural", () => {
    expect(matchProduct("Standing Desk", [converter, desk, lamp])).toEqual({ kind: "match", product: desk });
    expect(matchProduct("standing desks", [converter, desk])).toEqual({ kind: "match", product: desk });
  });

  it("matches the one product whose name holds every word asked for", () => {
    expect(matchProduct("plastic watch", [goldWatch, plasticWatch])).toEqual({ kind: "match", product: plasticWatch });
    expect(matchProduct("office chairs", [chair, product("Kneeling Chair")])).toEqual({ kind: "match", product: chair });
    expect(matchProduct("ergo chair", [chair])).toEqual({ kind: "match", product: chair });
  });

  it("asks when several names hold every word, listing only those", () => {
    expect(matchProduct("desk", [goldWatch, converter, desk, lamp])).toEqual({ kind: "unclear", closest: [converter, desk, lamp] });
  });

  it("has nothing to match without candidates, and asks when the request names nothing", () => {
    expect(matchProduct("plastic watch", [])).toEqual({ kind: "none" });
    expect(matchProduct("something please", [desk])).toEqual({ kind: "unclear", closest: [desk] });
  });
});
