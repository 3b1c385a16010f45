import { z } from "zod";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "./pagination";

const MAX_PAGE = 1_000_000;

// An empty parameter (`?page=`) means "not given", as a form that submits blank fields sends it.
const blankAsMissing = (value: unknown) => (value === "" ? undefined : value);

/**
 * `?page=&pageSize=` of every list endpoint, spread into its query schema. A pageSize over the
 * maximum is served as the maximum rather than refused (the `next` link then carries the real size).
 */
export const pageQuery = {
  page: z.preprocess(
    blankAsMissing,
    z.coerce
      .number({ error: "page must be a number." })
      .int("page must be a whole number.")
      .min(1, "page must be at least 1.")
      .max(MAX_PAGE, `page must be at most ${MAX_PAGE}.`)
      .default(1),
  ),
  pageSize: z.preprocess(
    blankAsMissing,
    z.coerce
      .number({ error: "pageSize must be a number." })
      .int("pageSize must be a whole number.")
      .min(1, "pageSize must be at least 1.")
      .default(DEFAULT_PAGE_SIZE)
      .transform((value) => Math.min(value, MAX_PAGE_SIZE)),
  ),
};

/**
 * `?format=` of a list that can also be downloaded: `csv` answers every matching row as a CSV file
 * (same filters and permissions, paging ignored) instead of one JSON page.
 */
export const listFormatQuery = {
  format: z.enum(["json", "csv"], { error: "format must be json or csv." }).default("json"),
};
