/**
 * What `nadoo seed-demo` prints: what was created (or that the demo exists), the reporting key once,
 * and per person an enrolment link with their user code and roles, so each role's view can be tried.
 */
import path from "node:path";
import type { Config } from "../../config.ts";
import { ROLE_ABILITIES, ROLES } from "../access/roles.ts";
import { formatUserCode } from "../identity/user-code.ts";
import type { DemoResult, HeldRoleSummary } from "./service.ts";

const number = (value: number) => value.toLocaleString("en-US");

export function roleSummary(roles: readonly HeldRoleSummary[]): string {
  if (roles.length === 0) return "none (an employee without roles: sees no menus and no data)";
  const everything =
    roles.length === ROLES.length &&
    roles.every((held) => held.abilities.length === ROLE_ABILITIES[held.role].length);
  if (everything) return "all seven roles with all abilities";
  return roles
    .map(({ role, abilities }) => `${role} (${abilities.length > 0 ? abilities.join(", ") : "view only"})`)
    .join("; ");
}

export function formatDemoResult(result: DemoResult): string {
  const lines: string[] = [];
  const { customer, counts, apiKey } = result;
  if (result.created && counts) {
    lines.push(
      `Demo customer "${customer.name}" created (customer number ${customer.customerNumber}):`,
      `  ${counts.programs} programs, ${counts.timeAccounts} time accounts, ${result.people.length} people,`,
      `  ${number(counts.executions)} executions from ${counts.from.toISOString().slice(0, 10)} to ` +
        `${counts.to.toISOString().slice(0, 10)} (${number(counts.paid)} paid, ${number(counts.notPaid)} not paid, ` +
        `${number(counts.revoked)} revoked by a complaint).`,
    );
  } else {
    lines.push(
      `The demo customer "${customer.name}" exists already (customer number ${customer.customerNumber}); ` +
        "nothing was added. Fresh enrolment links follow (older unused links of these people stop working).",
    );
  }
  if (apiKey) {
    lines.push(
      "",
      `API key "${apiKey.name}" of ${apiKey.owner}, for reporting executions (shown only now):`,
      `  ${apiKey.secret}`,
    );
  }
  const expiry = result.people[0]?.link.link.expiresAt.toISOString();
  lines.push(
    "",
    `Enrolment links (one use each${expiry ? `, valid until ${expiry}` : ""}). With the server running ` +
      "(npm start), open a link in a browser and register a passkey:",
  );
  for (const { user, roles, link } of result.people) {
    lines.push(
      "",
      user.displayName,
      `  User code:  ${formatUserCode(user.code)}`,
      `  Roles:      ${roleSummary(roles)}`,
      `  Link:       ${link.url}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** PGlite is single-process: say how to run the command beside a server that holds the directory. */
export function explainLockedDatabase(error: unknown): unknown {
  if (!(error instanceof Error) || !error.message.includes("in use by another NADOO process")) return error;
  return new Error(
    `${error.message}\nTo load the demo: stop the server (Ctrl+C in its terminal), run ` +
      "`npm run nadoo -- seed-demo`, then start the server again with `npm start`.",
    { cause: error },
  );
}

/** A connection URL as it may be printed: without its password (also one given as a parameter). */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "";
    parsed.searchParams.delete("password");
    return parsed.toString();
  } catch {
    // Not parseable: print nothing of it rather than risk a secret.
    return "(the PostgreSQL database of DATABASE_URL)";
  }
}

/** Which database the command writes to, said before it writes: a demo belongs in a test database. */
export function describeDatabase(config: Pick<Config, "databaseUrl" | "dataDir">): string {
  return config.databaseUrl
    ? `PostgreSQL at ${withoutPassword(config.databaseUrl)}`
    : `the embedded database in ${path.join(config.dataDir, "pg")}`;
}
