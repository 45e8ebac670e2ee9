import { defineConfig } from "drizzle-kit";

// drizzle-kit only generates SQL from the schema; the app applies it with its own migrator
// (src/db/migrator.ts), which takes an advisory lock so concurrent starts cannot race.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/schema.ts",
  out: "./migrations",
});
