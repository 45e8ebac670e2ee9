/**
 * The authorization matrix: every `/api/os` and `/api/staff` route × every kind of actor, each cell
 * asserting allowed vs 401/403/404. The table below is the single source: a route the app serves but
 * the table lacks fails the first test, so new routes must be added here.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../app.ts";
import { createTestApp } from "../../testing/app.ts";
import { useTestDatabase } from "../../testing/database.ts";
import {
  anyGrantForA,
  type ConcreteRow,
  concreteRows,
  forA,
  isPlatform,
  type Kind,
  type MatrixWorld,
  type Row,
  type RowGroup,
  signedInAtAll,
} from "../../testing/matrix.ts";
import { call, holdRole, newCustomer, newUser, type SignedIn, signedIn } from "../../testing/people.ts";
import { apiKeysMatrix } from "../api-keys/access-matrix.ts";
import { complaintsMatrix } from "../complaints/access-matrix.ts";
import { crmMatrix } from "../crm/access-matrix.ts";
import { executionsMatrix } from "../executions/access-matrix.ts";
import { ensureContract } from "../hr/service.ts";
import { formatUserCode } from "../identity/user-code.ts";
import { insightsMatrix } from "../insights/access-matrix.ts";
import { notificationsMatrix } from "../notifications/access-matrix.ts";
import { programsMatrix } from "../programs/access-matrix.ts";
import { staffUsersMatrix } from "../staff/access-matrix.ts";
import { statementsMatrix } from "../statements/access-matrix.ts";
import { timeAccountsMatrix } from "../time-accounts/access-matrix.ts";
import { ROLE_ABILITIES, ROLES } from "./roles.ts";

const database = useTestDatabase();
let app: App;

type Outcome = "allowed" | 401 | 403 | 404;

interface Fixtures {
  customerA: string;
  unknownId: string;
  grantTargetCode: string;
  contractTargetId: string;
  addTargetCode: string;
  linkTargetCode: string;
  linkTargetId: string;
}

/** People, roles, customers, the audit log and staff user administration. */
const peopleAndRoles: RowGroup<Fixtures> = {
  setup: async ({ db, customerA, unknownId }) => {
    const grantTarget = await newUser(db, "Grant Target");
    const contractTarget = await newUser(db, "Contract Target");
    const addTarget = await newUser(db, "Add Target");
    const linkTarget = await newUser(db, "Link Target");
    await ensureContract(db, { userId: null }, linkTarget.id, customerA);
    const { contract } = await ensureContract(db, { userId: null }, contractTarget.id, customerA);
    return {
      customerA,
      unknownId,
      grantTargetCode: formatUserCode(grantTarget.code),
      contractTargetId: contract.id,
      addTargetCode: addTarget.code,
      linkTargetCode: linkTarget.code,
      linkTargetId: linkTarget.id,
    };
  },
  rows: [
    { method: "GET", route: "/api/os/me/roles", url: () => "/api/os/me/roles", allowed: signedInAtAll },
    { method: "GET", route: "/api/os/me/profile", url: () => "/api/os/me/profile", allowed: signedInAtAll },
    {
      method: "GET",
      route: "/api/os/customers/{customerId}/employees",
      url: (f) => `/api/os/customers/${f.customerA}/employees`,
      allowed: forA("employee_manager"),
    },
    {
      method: "GET",
      route: "/api/os/customers/{customerId}/employees",
      variant: "unknown customer",
      url: (f) => `/api/os/customers/${f.unknownId}/employees`,
      allowed: isPlatform,
      unknown: true,
    },
    {
      method: "POST",
      route: "/api/os/customers/{customerId}/employees",
      url: (f) => `/api/os/customers/${f.customerA}/employees`,
      body: (f) => ({ userCode: f.addTargetCode }),
      allowed: forA("employee_manager", "add_employees"),
    },
    {
      method: "POST",
      route: "/api/os/customers/{customerId}/enrolments",
      url: (f) => `/api/os/customers/${f.customerA}/enrolments`,
      body: () => ({ displayName: "New Person" }),
      allowed: forA("key_manager", "create_users"),
    },
    {
      method: "POST",
      route: "/api/os/customers/{customerId}/enrolment-links",
      url: (f) => `/api/os/customers/${f.customerA}/enrolment-links`,
      body: (f) => ({ userCode: f.linkTargetCode }),
      allowed: forA("key_manager", "create_users"),
    },
    ...(["deactivate", "reactivate"] as const).flatMap((action): Row<Fixtures>[] => [
      {
        method: "POST",
        route: `/api/os/contracts/{contractId}/${action}`,
        url: (f) => `/api/os/contracts/${f.contractTargetId}/${action}`,
        allowed: forA("employee_manager", "deactivate_employees"),
      },
      {
        method: "POST",
        route: `/api/os/contracts/{contractId}/${action}`,
        variant: "unknown contract",
        url: (f) => `/api/os/contracts/${f.unknownId}/${action}`,
        allowed: signedInAtAll,
        unknown: true,
      },
    ]),
    {
      method: "GET",
      route: "/api/os/customers/{customerId}/role-grants",
      url: (f) => `/api/os/customers/${f.customerA}/role-grants`,
      allowed: anyGrantForA,
    },
    ...ROLES.flatMap((role): Row<Fixtures>[] => [
      {
        method: "GET",
        route: "/api/os/customers/{customerId}/role-grants",
        variant: role,
        url: (f) => `/api/os/customers/${f.customerA}/role-grants?role=${role}`,
        allowed: forA(role, "grant_role"),
      },
      {
        method: "POST",
        route: "/api/os/customers/{customerId}/role-grants",
        variant: role,
        url: (f) => `/api/os/customers/${f.customerA}/role-grants`,
        body: (f) => ({ userCode: f.grantTargetCode, role, abilities: ["grant_role"] }),
        allowed: forA(role, "grant_role"),
      },
      {
        method: "POST",
        route: "/api/os/customers/{customerId}/role-grants/revoke",
        variant: role,
        url: (f) => `/api/os/customers/${f.customerA}/role-grants/revoke`,
        body: (f) => ({ userCode: f.grantTargetCode, role }),
        allowed: forA(role, "grant_role"),
      },
    ]),
    {
      method: "GET",
      route: "/api/os/customers/{customerId}",
      url: (f) => `/api/os/customers/${f.customerA}`,
      allowed: forA("customer_manager"),
    },
    {
      method: "GET",
      route: "/api/os/customers/{customerId}",
      variant: "unknown customer",
      url: (f) => `/api/os/customers/${f.unknownId}`,
      allowed: isPlatform,
      unknown: true,
    },
    {
      method: "PATCH",
      route: "/api/os/customers/{customerId}",
      url: (f) => `/api/os/customers/${f.customerA}`,
      body: () => ({ name: "Customer A" }),
      allowed: forA("customer_manager", "edit_customer"),
    },
    {
      method: "PUT",
      route: "/api/os/customers/{customerId}/addresses/{kind}",
      url: (f) => `/api/os/customers/${f.customerA}/addresses/billing`,
      body: () => ({
        street: "Hauptstraße",
        houseNumber: "1",
        postalCode: "10115",
        town: "Berlin",
        country: "DE",
      }),
      allowed: forA("customer_manager", "edit_customer"),
    },
    {
      method: "DELETE",
      route: "/api/os/customers/{customerId}/addresses/{kind}",
      url: (f) => `/api/os/customers/${f.customerA}/addresses/shipping`,
      allowed: forA("customer_manager", "edit_customer"),
    },
    {
      method: "GET",
      route: "/api/os/customers/{customerId}/audit",
      url: (f) => `/api/os/customers/${f.customerA}/audit`,
      allowed: forA("customer_manager"),
    },
    {
      method: "POST",
      route: "/api/staff/users",
      url: () => "/api/staff/users",
      body: () => ({ displayName: "Created By Staff" }),
      allowed: isPlatform,
    },
    {
      method: "POST",
      route: "/api/staff/users/{id}/enrolment-links",
      url: (f) => `/api/staff/users/${f.linkTargetId}/enrolment-links`,
      allowed: isPlatform,
    },
    {
      method: "POST",
      route: "/api/staff/users/{id}/enrolment-links",
      variant: "unknown user",
      url: (f) => `/api/staff/users/${f.unknownId}/enrolment-links`,
      allowed: isPlatform,
      unknown: true,
    },
    {
      method: "GET",
      route: "/api/staff/audit",
      url: () => "/api/staff/audit",
      allowed: isPlatform,
    },
  ],
};

/** Every module's rows; a module with routes under /api/os or /api/staff adds its group here. */
const groups: ((world: MatrixWorld) => Promise<ConcreteRow[]>)[] = [
  (world) => concreteRows(peopleAndRoles, world),
  (world) => concreteRows(programsMatrix, world),
  (world) => concreteRows(timeAccountsMatrix, world),
  (world) => concreteRows(apiKeysMatrix, world),
  (world) => concreteRows(crmMatrix, world),
  (world) => concreteRows(staffUsersMatrix, world),
  (world) => concreteRows(notificationsMatrix, world),
  (world) => concreteRows(statementsMatrix, world),
  (world) => concreteRows(executionsMatrix, world),
  (world) => concreteRows(insightsMatrix, world),
  (world) => concreteRows(complaintsMatrix, world),
];

function expected(row: ConcreteRow, actor: Kind): Outcome {
  if (actor.kind === "anonymous") return 401;
  if (!row.allowed(actor)) return 403;
  return row.unknown ? 404 : "allowed";
}

function subsets<T>(items: readonly T[]): T[][] {
  const all: T[][] = [[]];
  for (const item of items) all.push(...all.map((subset) => [...subset, item]));
  return all;
}

function describeKind(actor: Kind): string {
  if (actor.kind !== "holder") return actor.kind;
  const abilities = actor.abilities.length ? actor.abilities.join("+") : "no abilities";
  return `${actor.role} (${abilities}) for ${actor.customer}${actor.activeContract ? "" : " on an inactive contract"}`;
}

const kinds: Kind[] = [
  { kind: "anonymous" },
  { kind: "no contract" },
  { kind: "staff" },
  { kind: "superuser" },
  ...ROLES.flatMap((role) => [
    ...(["A", "B"] as const).flatMap((customer) =>
      subsets(ROLE_ABILITIES[role]).map(
        (abilities): Kind => ({ kind: "holder", customer, role, abilities, activeContract: true }),
      ),
    ),
    {
      kind: "holder",
      customer: "A",
      role,
      abilities: [...ROLE_ABILITIES[role]],
      activeContract: false,
    } as Kind,
  ]),
];

const rows: ConcreteRow[] = [];
const actors = new Map<Kind, SignedIn | null>();

beforeAll(async () => {
  ({ app } = await createTestApp(database.handle));
  const db = database.db;
  const customerA = await newCustomer(db, "Customer A");
  const customerB = await newCustomer(db, "Customer B");
  const world = { db, customerA, customerB, unknownId: "0199aaaa-0000-7000-8000-000000000000" };
  for (const group of groups) rows.push(...(await group(world)));
  for (const actor of kinds) {
    if (actor.kind === "anonymous") {
      actors.set(actor, null);
      continue;
    }
    const user = await newUser(db, describeKind(actor), {
      isStaff: actor.kind === "staff",
      isSuperuser: actor.kind === "superuser",
    });
    if (actor.kind === "holder") {
      const customer = actor.customer === "A" ? customerA : customerB;
      await holdRole(db, user.id, customer, actor.role, actor.abilities, {
        activeContract: actor.activeContract,
      });
    }
    actors.set(actor, await signedIn(db, user));
  }
});

afterAll(async () => {
  await app.close();
});

describe("the authorization matrix", () => {
  it("covers every /api/os and /api/staff route the app serves", () => {
    const document = app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const served = Object.entries(document.paths)
      .filter(([path]) => path.startsWith("/api/os/") || path.startsWith("/api/staff/"))
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    const covered = new Set(rows.map((row) => `${row.method} ${row.route}`));
    expect(served.filter((route) => !covered.has(route))).toEqual([]);
    expect([...covered].filter((route) => !served.includes(route))).toEqual([]);
  });

  it("gives every actor exactly the answer of the table", async () => {
    const mismatches: string[] = [];
    let cells = 0;
    for (const row of rows) {
      for (const actor of kinds) {
        const response = await call(app, actors.get(actor) ?? null, row.method, row.url, row.body);
        cells += 1;
        const want = expected(row, actor);
        const ok =
          want === "allowed"
            ? response.statusCode >= 200 && response.statusCode < 300
            : response.statusCode === want;
        const problem =
          want === "allowed" || String(response.headers["content-type"]).includes("application/problem+json");
        if (!ok || !problem) {
          mismatches.push(
            `${row.method} ${row.route}${row.variant ? ` [${row.variant}]` : ""} as ${describeKind(actor)}: ` +
              `expected ${want}, got ${response.statusCode} ${response.body.slice(0, 160)}`,
          );
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(cells).toBe(rows.length * kinds.length);
  }, 300_000);
});
