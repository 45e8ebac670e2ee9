/**
 * Which models of the original the importer takes, and why it leaves the others (phase 2 modules,
 * framework tables, credentials that cannot move).
 */
import { API_KEY, CUSTOMER_PROGRAM, CUSTOMER_TIME_ACCOUNT, PROGRAM, TIME_ACCOUNT } from "./billing.ts";
import { COMPLAINT, EXECUTION } from "./executions.ts";
import { ADDRESS, BILLING_ADDRESS, CONTRACT, CUSTOMER, EMPLOYEE, SHIPPING_ADDRESS, USER } from "./people.ts";
import { API_KEY_MANAGER, CONTRACT_ROLES, KEY_MANAGER } from "./roles.ts";

/** Held in memory during the first pass (small in any real dump). */
export const SMALL_MODELS: ReadonlySet<string> = new Set([
  USER,
  ADDRESS,
  BILLING_ADDRESS,
  SHIPPING_ADDRESS,
  CUSTOMER,
  EMPLOYEE,
  CONTRACT,
  ...Object.keys(CONTRACT_ROLES),
  API_KEY_MANAGER,
  KEY_MANAGER,
  PROGRAM,
  TIME_ACCOUNT,
  CUSTOMER_TIME_ACCOUNT,
  CUSTOMER_PROGRAM,
  API_KEY,
  COMPLAINT,
]);

/** Streamed in the second pass. */
export const BULK_MODELS: ReadonlySet<string> = new Set([EXECUTION]);

const PHASE_2 = "comes with phase 2";

const NOT_MIGRATED: Record<string, string> = {
  "mfa.user_keys":
    "FIDO2 credentials of django-mfa2 cannot move (bound to the old site); users enrol again via links",
  "nadooit_time_account.employeetimeaccount": `work time ${PHASE_2}`,
  "nadooit_time_account.worktimeaccountentry": `work time ${PHASE_2}`,
  "nadooit_program_ownership_system.programshare": `program shares (network) ${PHASE_2}`,
};

const NOT_MIGRATED_APPS: Record<string, string> = {
  nadooit_website: `website data ${PHASE_2}`,
  bot_management: `bot data ${PHASE_2}`,
  nadooit_network: `network data ${PHASE_2}`,
  nadooit_workflow: `workflows ${PHASE_2}`,
  nadoo_erp: `ERP items ${PHASE_2}`,
  nadooit_delivery: `delivery ${PHASE_2}`,
  nadooit_questions_and_answers: `website Q&A ${PHASE_2}`,
  mfa: "django-mfa2 data; users enrol passkeys again via links",
  auth: "Django permissions and groups; NADOO uses roles per customer",
  contenttypes: "Django framework table",
  sessions: "sessions of the old site",
  admin: "Django admin log",
};

/** Why a model is not imported; "unknown model" for anything the original did not have. */
export function whyNotImported(model: string): string {
  const app = model.split(".")[0] ?? model;
  return NOT_MIGRATED[model] ?? NOT_MIGRATED_APPS[app] ?? "unknown model";
}
