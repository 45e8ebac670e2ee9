/** Types and query keys of the executions page, from the generated API types. */
import type { paths } from "../../api/schema";
import type { ExecutionQuery } from "./filters";

export type ExecutionPage =
  paths["/api/os/executions"]["get"]["responses"][200]["content"]["application/json"];
export type ListedExecution = ExecutionPage["items"][number];
export type Totals = ExecutionPage["totals"];
export type FilterProgram =
  paths["/api/os/executions/programs"]["get"]["responses"][200]["content"]["application/json"]["items"][number];

/** Every query of this page starts with it, so a complaint refreshes them all. */
export const executionsKey = (customerId: string) => ["executions", customerId] as const;
export const listKey = (query: ExecutionQuery) =>
  [...executionsKey(query.customerId), "list", query] as const;
export const programsKey = (customerId: string) => [...executionsKey(customerId), "programs"] as const;

/** The page size asked for; the server's default. */
export const PAGE_SIZE = 50;
