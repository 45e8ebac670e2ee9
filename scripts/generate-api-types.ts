/** Writes the web app's API types from the routes (see src/http/api-types.ts). */
import { writeFileSync } from "node:fs";
import { API_TYPES_FILE, currentApiTypes } from "../src/http/api-types.ts";

writeFileSync(API_TYPES_FILE, await currentApiTypes());
console.log(`wrote ${API_TYPES_FILE}`);
