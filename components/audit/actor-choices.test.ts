import { describe, expect, it } from "vitest";
import { actorChoices } from "./actor-choices";

const ada = { id: "u1", name: "Ada", email: "ada@example.test" };

describe("the audit log's Actor choices", () => {
  it("lists the members, and adds the chosen one the list did not bring, named as the entries name them", () => {
    expect(actorChoices([ada], undefined, [])).toEqual([{ id: "u1", label: "Ada (ada@example.test)" }]);
    expect(actorChoices([ada], "u1", [])).toEqual([{ id: "u1", label: "Ada (ada@example.test)" }]);
    const entries = [{ actorId: "u150", actorName: "Zoe", actorEmail: "zoe@example.test" }];
    expect(actorChoices([ada], "u150", entries)).toEqual([
      { id: "u1", label: "Ada (ada@example.test)" },
      { id: "u150", label: "Zoe (zoe@example.test)" },
    ]);
    // No entry of theirs on this page: still chosen, and said to be.
    expect(actorChoices([ada], "u150", [])).toEqual([
      { id: "u1", label: "Ada (ada@example.test)" },
      { id: "u150", label: "The chosen member" },
    ]);
    // While the members are still being read, nothing is offered yet.
    expect(actorChoices(undefined, "u150", entries)).toEqual([]);
  });
});
