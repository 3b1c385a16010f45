import { describe, expect, it } from "vitest";
import { resetEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { modelLabel, parseModelId } from "./model-ids";
import { allowedModels, assertModelPolicy, chooseSessionModel, offeredModels, resolveModel, type SessionModelRequest } from "./models";

type Vars = Record<string, string | undefined>;

/** Runs `check` with these variables set (undefined = unset), then puts process.env and the parsed env back. */
function withEnv<T>(vars: Vars, check: () => T): T {
  const saved: Vars = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]));
  const apply = (values: Vars) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  try {
    apply(vars);
    resetEnv();
    return check();
  } finally {
    apply(saved);
    resetEnv();
  }
}

const ALLOWED = "openai:gpt-4o-mini,openai:gpt-4o,anthropic:claude-sonnet-4-5,anthropic:claude-haiku-4-5";
const ALL_IDS = ["openai:gpt-4o-mini", "openai:gpt-4o", "anthropic:claude-sonnet-4-5", "anthropic:claude-haiku-4-5"];

/** The policy most tests use; the keys say which providers are configured. */
function policy(keys: { openai?: boolean; anthropic?: boolean }, extra: Vars = {}): Vars {
  return {
    ALLOWED_MODELS: ALLOWED,
    OPENAI_API_KEY: keys.openai ? "sk-test" : undefined,
    ANTHROPIC_API_KEY: keys.anthropic ? "sk-ant-test" : undefined,
    OPENAI_MODEL: undefined,
    ANTHROPIC_MODEL: undefined,
    ...extra,
  };
}

const BOTH = { openai: true, anthropic: true };

/** The AppError `chooseSessionModel` throws for this request. */
function refusal(request: SessionModelRequest): AppError {
  try {
    chooseSessionModel(request);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error(`chooseSessionModel accepted ${JSON.stringify(request)}`);
}

describe("parseModelId", () => {
  it("reads a bare name as an OpenAI-protocol model", () => {
    expect(parseModelId("gpt-4o-mini")).toEqual({ id: "openai:gpt-4o-mini", provider: "openai", model: "gpt-4o-mini" });
  });

  it("reads a provider prefix", () => {
    expect(parseModelId("anthropic:claude-haiku-4-5")).toEqual({ id: "anthropic:claude-haiku-4-5", provider: "anthropic", model: "claude-haiku-4-5" });
    expect(parseModelId("openai:gpt-4o")).toEqual({ id: "openai:gpt-4o", provider: "openai", model: "gpt-4o" });
    expect(parseModelId("  anthropic:claude-sonnet-4-5 ")).toEqual({ id: "anthropic:claude-sonnet-4-5", provider: "anthropic", model: "claude-sonnet-4-5" });
  });

  it("keeps a self-hosted name with a colon whole, as an OpenAI-protocol model", () => {
    expect(parseModelId("llama3.1:8b")).toEqual({ id: "openai:llama3.1:8b", provider: "openai", model: "llama3.1:8b" });
    expect(parseModelId("openai:llama3.1:8b")).toEqual({ id: "openai:llama3.1:8b", provider: "openai", model: "llama3.1:8b" });
  });
});

describe("modelLabel", () => {
  it("names the provider before the model", () => {
    expect(modelLabel("anthropic", "claude-haiku-4-5")).toBe("Anthropic · claude-haiku-4-5");
    expect(modelLabel("openai", "gpt-4o-mini")).toBe("OpenAI · gpt-4o-mini");
  });

  it("names the built-in assistant, an unknown provider's model alone, and nothing without a model", () => {
    expect(modelLabel("local", "local")).toBe("Built-in assistant");
    expect(modelLabel(null, "local")).toBe("Built-in assistant");
    expect(modelLabel("mystery", "m-1")).toBe("m-1");
    expect(modelLabel(null, "gpt-4o")).toBe("gpt-4o");
    expect(modelLabel("openai", null)).toBe("");
  });
});

describe("allowedModels", () => {
  it("throws naming every unpriced model", () => {
    withEnv({ ALLOWED_MODELS: "openai:gpt-4o-mini,anthropic:claude-opus-4-6,llama3.1:8b" }, () => {
      expect(() => allowedModels()).toThrow(
        "ALLOWED_MODELS names models without a price in lib/ai/prices.ts: anthropic:claude-opus-4-6, openai:llama3.1:8b.",
      );
    });
  });

  it("parses the list once per id, bare names as OpenAI's, and prices dated snapshots like their model", () => {
    withEnv({ ALLOWED_MODELS: "gpt-4o-mini, openai:gpt-4o-mini,anthropic:claude-haiku-4-5-20251001" }, () => {
      expect(allowedModels()).toEqual([
        { id: "openai:gpt-4o-mini", provider: "openai", model: "gpt-4o-mini" },
        { id: "anthropic:claude-haiku-4-5-20251001", provider: "anthropic", model: "claude-haiku-4-5-20251001" },
      ]);
    });
  });
});

describe("offeredModels", () => {
  const ids = () => offeredModels().map((choice) => choice.id);

  it("offers only the allowed models of providers that have a key", () => {
    expect(withEnv(policy({ anthropic: true }), ids)).toEqual(["anthropic:claude-sonnet-4-5", "anthropic:claude-haiku-4-5"]);
    expect(withEnv(policy({ openai: true }), ids)).toEqual(["openai:gpt-4o-mini", "openai:gpt-4o"]);
    expect(withEnv(policy(BOTH), ids)).toEqual(ALL_IDS);
    expect(withEnv(policy({}), ids)).toEqual([]);
  });
});

describe("assertModelPolicy", () => {
  it("names each provider whose key serves no allowed model, so start-up can warn", () => {
    expect(withEnv({ ALLOWED_MODELS: "openai:gpt-4o-mini", OPENAI_API_KEY: "sk-o", ANTHROPIC_API_KEY: "sk-a" }, assertModelPolicy)).toEqual(["anthropic"]);
    expect(withEnv({ ALLOWED_MODELS: ALLOWED, OPENAI_API_KEY: "sk-o", ANTHROPIC_API_KEY: "sk-a" }, assertModelPolicy)).toEqual([]);
    expect(withEnv({ ALLOWED_MODELS: "openai:gpt-4o-mini", OPENAI_API_KEY: undefined, ANTHROPIC_API_KEY: undefined }, assertModelPolicy)).toEqual([]);
  });
});

describe("resolveModel", () => {
  it("keeps an offered model, named by id or bare name", () => {
    withEnv(policy(BOTH), () => {
      expect(resolveModel({ id: "anthropic:claude-haiku-4-5" })).toEqual({ id: "anthropic:claude-haiku-4-5", provider: "anthropic", model: "claude-haiku-4-5" });
      expect(resolveModel({ id: "gpt-4o" })?.id).toBe("openai:gpt-4o");
    });
  });

  it("replaces a stale id of an offered provider by that provider's default: the operator's model when offered, else its first", () => {
    withEnv(policy(BOTH, { ANTHROPIC_MODEL: "claude-haiku-4-5", OPENAI_MODEL: "gpt-4o" }), () => {
      expect(resolveModel({ id: "anthropic:claude-3-opus" })?.id).toBe("anthropic:claude-haiku-4-5");
      expect(resolveModel({ id: "gpt-3.5-turbo" })?.id).toBe("openai:gpt-4o");
      expect(resolveModel({ provider: "anthropic" })?.id).toBe("anthropic:claude-haiku-4-5");
    });
    withEnv(policy(BOTH, { ANTHROPIC_MODEL: "claude-opus-4-5", OPENAI_MODEL: "gpt-5" }), () => {
      expect(resolveModel({ id: "anthropic:claude-3-opus" })?.id).toBe("anthropic:claude-sonnet-4-5");
      expect(resolveModel({ id: "openai:gpt-3.5-turbo" })?.id).toBe("openai:gpt-4o-mini");
    });
  });

  it("falls back to the first offered model when the requested provider has no key, or nothing is requested", () => {
    withEnv(policy({ openai: true }), () => {
      expect(resolveModel({ id: "anthropic:claude-haiku-4-5" })?.id).toBe("openai:gpt-4o-mini");
      expect(resolveModel({ provider: "anthropic" })?.id).toBe("openai:gpt-4o-mini");
      expect(resolveModel({})?.id).toBe("openai:gpt-4o-mini");
      expect(resolveModel({ id: null, provider: null })?.id).toBe("openai:gpt-4o-mini");
    });
  });

  it("is null when no provider has a key (the built-in assistant answers)", () => {
    withEnv(policy({}), () => {
      expect(resolveModel({ id: "openai:gpt-4o" })).toBeNull();
      expect(resolveModel({ provider: "anthropic" })).toBeNull();
    });
  });
});

describe("chooseSessionModel", () => {
  it("gives a provider named alone its default model", () => {
    withEnv(policy(BOTH, { ANTHROPIC_MODEL: "claude-haiku-4-5" }), () => {
      expect(chooseSessionModel({ aiProvider: "anthropic" })).toEqual({ aiProvider: "anthropic", model: "claude-haiku-4-5" });
      expect(chooseSessionModel({ aiProvider: "openai" })).toEqual({ aiProvider: "openai", model: "gpt-4o-mini" });
    });
  });

  it("accepts a bare model name offered by one provider only, a provider:model id, and a provider with a bare name", () => {
    withEnv(policy(BOTH), () => {
      expect(chooseSessionModel({ model: "claude-sonnet-4-5" })).toEqual({ aiProvider: "anthropic", model: "claude-sonnet-4-5" });
      expect(chooseSessionModel({ model: "gpt-4o" })).toEqual({ aiProvider: "openai", model: "gpt-4o" });
      expect(chooseSessionModel({ model: "anthropic:claude-haiku-4-5" })).toEqual({ aiProvider: "anthropic", model: "claude-haiku-4-5" });
      expect(chooseSessionModel({ model: "openai:gpt-4o-mini" })).toEqual({ aiProvider: "openai", model: "gpt-4o-mini" });
      expect(chooseSessionModel({ aiProvider: "anthropic", model: "claude-haiku-4-5" })).toEqual({ aiProvider: "anthropic", model: "claude-haiku-4-5" });
      expect(chooseSessionModel({ aiProvider: "anthropic", model: "anthropic:claude-sonnet-4-5" })).toEqual({ aiProvider: "anthropic", model: "claude-sonnet-4-5" });
    });
  });

  it("refuses a provider without a key under config.aiProvider", () => {
    withEnv(policy({ openai: true }), () => {
      const error = refusal({ aiProvider: "anthropic", model: "claude-haiku-4-5" });
      expect(error.code).toBe("invalid_request");
      expect(error.status).toBe(400);
      expect(error.fields).toEqual({ "config.aiProvider": ["Anthropic is not available on this server; choose one of: openai."] });
    });
  });

  it("refuses a model that is not offered under config.model, listing the offered ids", () => {
    withEnv(policy(BOTH), () => {
      const listing = `Model must be one of: ${ALL_IDS.join(", ")}.`;
      for (const request of [{ model: "gpt-5" }, { model: "anthropic:claude-opus-4-5" }, { aiProvider: "anthropic", model: "gpt-4o" }] as const) {
        const error = refusal(request);
        expect(error.code).toBe("invalid_request");
        expect(error.fields).toEqual({ "config.model": [listing] });
      }
    });
    // A model of a provider without a key is not offered either.
    withEnv(policy({ anthropic: true }), () => {
      expect(refusal({ model: "gpt-4o" }).fields).toEqual({ "config.model": ["Model must be one of: anthropic:claude-sonnet-4-5, anthropic:claude-haiku-4-5."] });
    });
  });

  it("refuses a bare name that two providers offer, and a request that names nothing", () => {
    withEnv(policy(BOTH, { ALLOWED_MODELS: "openai:claude-haiku-4-5,anthropic:claude-haiku-4-5" }), () => {
      expect(refusal({ model: "claude-haiku-4-5" }).fields).toEqual({
        "config.model": ["Model must be one of: openai:claude-haiku-4-5, anthropic:claude-haiku-4-5."],
      });
      expect(chooseSessionModel({ aiProvider: "anthropic", model: "claude-haiku-4-5" })).toEqual({ aiProvider: "anthropic", model: "claude-haiku-4-5" });
    });
    withEnv(policy(BOTH), () => {
      expect(refusal({}).fields).toEqual({ "config.aiProvider": ["Name a provider (aiProvider) or a model."] });
    });
  });

  it("says the built-in assistant answers when nothing is offered", () => {
    withEnv(policy({}), () => {
      const message = "No model provider is configured on this server; the built-in assistant answers every conversation.";
      expect(refusal({ model: "gpt-4o" }).fields).toEqual({ "config.model": [message] });
      expect(refusal({ aiProvider: "openai" }).fields).toEqual({ "config.aiProvider": [message] });
      expect(refusal({ model: "gpt-4o" }).detail).toBe(message);
    });
  });
});
