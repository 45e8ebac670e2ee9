import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { API_TYPES_FILE, currentApiTypes } from "./api-types.ts";

it("keeps the web app's API types in step with the routes (run `npm run api:types` after a change)", async () => {
  const committed = readFileSync(API_TYPES_FILE, "utf8");
  expect(committed === (await currentApiTypes())).toBe(true);
}, 60_000);
