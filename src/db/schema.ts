// Every module's tables, for drizzle-kit and the typed database handle.
export * from "../modules/audit/schema.ts";
export * from "../modules/auth/schema.ts";
export * from "../modules/crm/schema.ts";
export * from "../modules/hr/schema.ts";
export * from "../modules/identity/schema.ts";
