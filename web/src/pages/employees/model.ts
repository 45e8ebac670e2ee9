/**
 * The employees page's decisions, kept pure for unit tests: searching and filtering the list, and
 * which plain-words text explains a refusal of each action.
 */
import { ApiError } from "../../api/client";
import type { paths } from "../../api/schema";
import { userCodeSearchKey } from "./user-code";

export type Employee =
  paths["/api/os/customers/{customerId}/employees"]["get"]["responses"][200]["content"]["application/json"]["items"][number];
export type Enrolment =
  paths["/api/os/customers/{customerId}/enrolments"]["post"]["responses"][201]["content"]["application/json"];
export type EnrolmentLink = Enrolment["enrolmentLink"];

export const employeesKey = (customerId: string) => ["customers", customerId, "employees"] as const;

/** From this many employees on, the list offers a search and a status filter. */
export const SEARCH_THRESHOLD = 8;

export type StatusFilter = "all" | "active" | "inactive";

/** Employees whose name or user code contains the search (case, spaces and dashes ignored). */
export function filterEmployees(
  employees: readonly Employee[],
  search: string,
  status: StatusFilter,
): Employee[] {
  const words = search.trim().toLocaleLowerCase().split(/\s+/).filter(Boolean);
  const codeNeedle = userCodeSearchKey(search);
  return employees.filter((employee) => {
    if (status === "active" && !employee.isActive) return false;
    if (status === "inactive" && employee.isActive) return false;
    if (words.length === 0) return true;
    const name = employee.user.displayName.toLocaleLowerCase();
    if (words.every((word) => name.includes(word))) return true;
    return codeNeedle.length > 0 && userCodeSearchKey(employee.user.code).includes(codeNeedle);
  });
}

export type EmployeeAction = "add" | "invite" | "newLink" | "deactivate" | "reactivate";

/** A text of the `employees` namespace, with what it names. */
export interface Explanation {
  key: string;
  values?: Record<string, string>;
}

/**
 * What to tell the person when the server refused `action`; null for errors the shared texts say
 * well (network, signed out, too many attempts, server errors).
 */
export function explainEmployeeError(
  error: unknown,
  action: EmployeeAction,
  context: { code?: string } = {},
): Explanation | null {
  if (!(error instanceof ApiError)) return null;
  const code = context.code ?? "";
  if (error.code === "contract_inactive") return { key: "errors.contractInactive" };
  switch (error.status) {
    case 400:
      return { key: "errors.invalidInput" };
    case 403:
      return { key: `errors.forbidden.${action}` };
    case 404:
      if (action === "add") return { key: "errors.unknownCode", values: { code } };
      if (action === "newLink") return { key: "errors.notEmployee", values: { code } };
      return { key: "errors.contractGone" };
    case 409:
      return action === "newLink" ? { key: "errors.linkContractInactive" } : null;
    case 410:
      return { key: "errors.userDeactivated" };
    default:
      return null;
  }
}
