// Every module's tables, for drizzle-kit and the typed database handle.

export * from "../modules/api-keys/schema.ts";
export * from "../modules/audit/schema.ts";
export * from "../modules/auth/schema.ts";
export * from "../modules/complaints/schema.ts";
export * from "../modules/crm/schema.ts";
export * from "../modules/executions/schema.ts";
export * from "../modules/hr/schema.ts";
export * from "../modules/identity/schema.ts";
export * from "../modules/insights/schema.ts";
export * from "../modules/notifications/schema.ts";
export * from "../modules/programs/schema.ts";
export * from "../modules/time-accounts/schema.ts";
