/**
 * The demo as `seed-demo` leaves it: the people, programs and accounts of the brief, a year of
 * executions that obey every invariant recording keeps (balances = ledgers, covered = debits, tier
 * bases = counted seconds, rollups = a rebuild), a living dashboard for this month, and a second
 * run that adds nothing but fresh links, for the demo's own people only.
 */
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createTestApp, TEST_AUTH_CONFIG } from "../../testing/app.ts";
import { useTestDatabase } from "../../testing/database.ts";
import { checkIngestInvariants, invariantViolations } from "../../testing/ingest-invariants.ts";
import { call, holdRole, newUser, signedIn } from "../../testing/people.ts";
import { ROLE_ABILITIES, ROLES } from "../access/roles.ts";
import { systemActor } from "../audit/service.ts";
import { openEnrolmentLink } from "../auth/enrolment.ts";
import { authSettings } from "../auth/settings.ts";
import { complaints } from "../complaints/schema.ts";
import { addresses, customers } from "../crm/schema.ts";
import { executions } from "../executions/schema.ts";
import { contracts, employees } from "../hr/schema.ts";
import { loadActor, setContractActive } from "../hr/service.ts";
import { addDays, reportingDay, startOfMonth } from "../insights/calendar.ts";
import { rebuildRollups } from "../insights/rollups.ts";
import { insightsSummary } from "../insights/service.ts";
import { rollupContents } from "../insights/test-fixtures.ts";
import { customerPrograms } from "../programs/schema.ts";
import { timeAccountEntries, timeAccounts } from "../time-accounts/schema.ts";
import { DEMO_CUSTOMER_NUMBER, DEMO_PEOPLE } from "./content.ts";
import { type DemoResult, seedDemo } from "./service.ts";

const database = useTestDatabase();
const now = new Date("2026-11-18T10:30:00Z");
const settings = authSettings(TEST_AUTH_CONFIG, () => now);

const count = async (query: ReturnType<typeof sql>) =>
  Number((await database.db.execute<{ n: string | number }>(query)).rows[0]?.n ?? 0);

describe("seedDemo", () => {
  let first: DemoResult;

  it("creates Muster GmbH with its people, programs, accounts and a year of executions", async () => {
    const started = performance.now();
    first = await seedDemo(database.db, { settings });
    const seconds = (performance.now() - started) / 1000;
    console.info(`seed-demo on ${database.handle.kind}: ${seconds.toFixed(1)} s`);
    expect(seconds).toBeLessThan(45);

    const { db } = database;
    expect(first.created).toBe(true);
    const [customer] = await db
      .select({ name: customers.name, town: addresses.town, street: addresses.street })
      .from(customers)
      .innerJoin(addresses, eq(addresses.id, customers.billingAddressId))
      .where(eq(customers.customerNumber, DEMO_CUSTOMER_NUMBER));
    expect(customer).toEqual({ name: "Muster GmbH", town: "Berlin", street: "Musterstraße" });
    const customerId = first.customer.id;

    expect(first.people.map(({ user }) => user.displayName)).toEqual(DEMO_PEOPLE.map((p) => p.displayName));
    const [admin, executionManager, employeeManager, timeAccountManager, nobody] = first.people;
    expect(admin?.roles.map((held) => held.role)).toEqual(ROLES);
    for (const held of admin?.roles ?? []) expect(held.abilities).toEqual([...ROLE_ABILITIES[held.role]]);
    expect(executionManager?.roles.map((held) => held.role)).toEqual(["execution_manager"]);
    expect(employeeManager?.roles.map((held) => held.role)).toEqual(["employee_manager"]);
    expect(timeAccountManager?.roles.map((held) => held.role)).toEqual(["time_account_manager"]);
    expect(nobody?.roles).toEqual([]);
    expect(
      await count(
        sql`SELECT count(*) AS n FROM ${contracts} WHERE customer_id = ${customerId} AND is_active`,
      ),
    ).toBe(5);

    const counts = first.counts;
    if (!counts) throw new Error("A first run reports its counts.");
    expect(counts.programs).toBe(4);
    expect(counts.timeAccounts).toBe(2);
    expect(counts.executions).toBeGreaterThan(8_000);
    expect(counts.executions).toBeLessThan(30_000);
    expect(counts.revoked).toBeGreaterThan(0);
    expect(counts.paid).toBeGreaterThan(counts.notPaid);
    const byStatus = await db.execute<{ status: string; n: string | number }>(sql`
      SELECT payment_status AS status, count(*) AS n FROM ${executions}
      WHERE customer_id = ${customerId} GROUP BY 1`);
    const status = Object.fromEntries(byStatus.rows.map((row) => [row.status, Number(row.n)]));
    expect(status).toEqual({ paid: counts.paid, not_paid: counts.notPaid, revoked: counts.revoked });
    expect(await count(sql`SELECT count(*) AS n FROM ${complaints} WHERE customer_id = ${customerId}`)).toBe(
      counts.revoked,
    );
    expect(await count(sql`SELECT count(*) AS n FROM ${timeAccountEntries}`)).toBe(counts.ledgerEntries);
    expect(
      await count(sql`SELECT count(*) AS n FROM ${customerPrograms} WHERE customer_id = ${customerId}`),
    ).toBe(4);

    // Spread over the year before now, up to the last day.
    const span = await db.execute<{ first: string; last: string }>(sql`
      SELECT min(created_at)::text AS first, max(created_at)::text AS last FROM ${executions}`);
    const { first: earliest, last } = span.rows[0] ?? { first: "", last: "" };
    expect(Date.parse(earliest)).toBeGreaterThanOrEqual(now.getTime() - 365 * 86_400_000);
    expect(Date.parse(last)).toBeLessThan(now.getTime());
    expect(Date.parse(last)).toBeGreaterThan(now.getTime() - 86_400_000);
  });

  it("obeys the invariants: balances equal ledgers, covered seconds equal debits, rollups equal a rebuild", async () => {
    const { db } = database;
    expect(invariantViolations(await checkIngestInvariants(db))).toEqual([]);

    const incremental = await rollupContents(db);
    expect(incremental.length).toBeGreaterThan(300);
    await rebuildRollups(db);
    expect(await rollupContents(db)).toEqual(incremental);

    const bases = await db.execute<{ basis: string | number; counted: string | number }>(sql`
      SELECT p.tier_basis_seconds AS basis,
        coalesce((SELECT sum(x.time_saved_seconds) FROM ${executions} x
          WHERE x.customer_program_id = p.id AND x.payment_status IN ('not_paid', 'paid')), 0) AS counted
      FROM ${customerPrograms} p`);
    for (const row of bases.rows) expect(Number(row.basis)).toBe(Number(row.counted));

    // One account topped up, one nearly empty after runs it could not cover were billed.
    const accounts = await db
      .select({ name: timeAccounts.name, balance: timeAccounts.balanceSeconds })
      .from(timeAccounts)
      .orderBy(timeAccounts.name);
    expect(accounts.map((account) => account.name)).toEqual([
      "Restkontingent Mahnwesen",
      "Zeitkontingent Buchhaltung",
    ]);
    expect(accounts[0]?.balance).toBeGreaterThan(0);
    expect(accounts[0]?.balance).toBeLessThanOrEqual(2 * 3600);
    expect(accounts[1]?.balance).toBeGreaterThan(20 * 3600);
    expect(
      await count(
        sql`SELECT count(*) AS n FROM ${executions} WHERE covered_seconds > 0 AND billed_seconds > 0`,
      ),
    ).toBeGreaterThan(0);
  });

  it("gives the Demo-Admin a dashboard with figures for this month and a prepaid balance", async () => {
    const { db } = database;
    const admin = first.people[0]?.user;
    if (!admin) throw new Error("No Demo-Admin.");
    const actor = await loadActor(db, admin, { userId: admin.id });
    const today = reportingDay(now);
    const summary = await insightsSummary(db, actor, {
      customerId: first.customer.id,
      range: { from: startOfMonth(today), to: today },
    });
    expect(summary.current.executions).toBeGreaterThan(100);
    expect(summary.current.timeSavedSeconds).toBeGreaterThan(0);
    expect(summary.current.costs).toEqual([
      { currency: "EUR", amount: expect.stringMatching(/^[1-9]\d*\.\d{6}$/) },
    ]);
    expect(summary.previous.executions).toBeGreaterThan(0);
    expect(summary.prepaidBalanceSeconds).toBeGreaterThan(20 * 3600);
  });

  it("answers each printed link over the API with the person it is for", async () => {
    const { app } = await createTestApp(database.handle, { now: () => now });
    try {
      for (const { user, link } of first.people) {
        const token = link.url.split("/os/enrol/")[1];
        const response = await app.inject({ method: "GET", url: `/api/auth/enrolment/${token}` });
        expect(response.statusCode).toBe(200);
        expect(response.json().user.displayName).toBe(user.displayName);
      }
    } finally {
      await app.close();
    }
  });

  it("fills every back-office page the Demo-Admin opens", async () => {
    // The real clock for the session; the periods are named, as the demo's year ends at `now`.
    const { app } = await createTestApp(database.handle);
    try {
      const admin = first.people[0]?.user;
      if (!admin) throw new Error("No Demo-Admin.");
      const who = await signedIn(database.db, admin);
      const id = first.customer.id;
      const today = reportingDay(now);
      const month = `customerId=${id}&from=${startOfMonth(today)}&to=${today}`;
      const year = `customerId=${id}&from=${addDays(today, -364)}&to=${today}`;
      const get = async (url: string) => {
        const response = await call(app, who, "GET", url);
        expect(response.statusCode, url).toBe(200);
        return String(response.headers["content-type"]).startsWith("text/csv")
          ? response.body
          : response.json();
      };
      expect((await get("/api/os/me/roles")).customers).toHaveLength(1);
      expect((await get(`/api/os/insights/summary?${month}`)).current.executions).toBeGreaterThan(0);
      const months = await get(`/api/os/insights/series?${year}&granularity=month`);
      expect(months.points.filter((point: { executions: number }) => point.executions > 0)).toHaveLength(13);
      expect((await get(`/api/os/insights/programs?${month}`)).items).toHaveLength(4);
      const listed = await get(
        `/api/os/executions?customerId=${id}&period=custom&from=${startOfMonth(today)}&to=${today}`,
      );
      expect(listed.items.length).toBeGreaterThan(0);
      const csv = await get(
        `/api/os/executions/export.csv?customerId=${id}&period=custom&from=${today}&to=${today}`,
      );
      expect(csv.split("\n").length).toBeGreaterThan(2);
      const accounts = await get(`/api/os/customers/${id}/time-accounts`);
      expect(accounts.items).toHaveLength(2);
      const ledger = await get(`/api/os/time-accounts/${accounts.items[0].id}/ledger`);
      expect(ledger.items.length).toBeGreaterThan(0);
      expect((await get(`/api/os/customers/${id}/customer-programs`)).items).toHaveLength(4);
      expect((await get(`/api/os/customers/${id}/employees`)).items).toHaveLength(5);
      expect((await get(`/api/os/customers/${id}/api-keys`)).items).toHaveLength(1);
      expect((await get(`/api/os/customers/${id}`)).name).toBe("Muster GmbH");
      const [revoked] = await database.db
        .select({ id: executions.id })
        .from(executions)
        .where(eq(executions.paymentStatus, "revoked"))
        .limit(1);
      expect(await get(`/api/os/executions/${revoked?.id}/complaints`)).toMatchObject({
        items: [{ status: expect.stringMatching(/^(open|accepted)$/) }],
      });
    } finally {
      await app.close();
    }
  });

  it("adds nothing when run again, and issues fresh links that replace the old ones", async () => {
    const { db } = database;
    const before = await count(sql`SELECT count(*) AS n FROM ${executions}`);
    const again = await seedDemo(db, { settings });
    expect(again.created).toBe(false);
    expect(again.counts).toBeUndefined();
    expect(again.apiKey).toBeUndefined();
    expect(again.customer.id).toBe(first.customer.id);
    expect(again.people.map(({ user }) => user.id)).toEqual(first.people.map(({ user }) => user.id));
    expect(await count(sql`SELECT count(*) AS n FROM ${executions}`)).toBe(before);
    expect(
      await count(
        sql`SELECT count(*) AS n FROM ${customers} WHERE customer_number = ${DEMO_CUSTOMER_NUMBER}`,
      ),
    ).toBe(1);
    for (const [index, { link }] of again.people.entries()) {
      expect((await openEnrolmentLink(db, settings, link.token)).user.id).toBe(again.people[index]?.user.id);
      const old = first.people[index]?.link.token as string;
      await expect(openEnrolmentLink(db, settings, old)).rejects.toMatchObject({ status: 410 });
    }
    expect(invariantViolations(await checkIngestInvariants(db))).toEqual([]);
  });

  it("gives no link to staff, a superuser or an outsider who joined the demo customer", async () => {
    const { db } = database;
    const customerId = first.customer.id;
    const staff = await newUser(db, "Stefanie Staff", { isStaff: true });
    await holdRole(db, staff.id, customerId, "customer_manager", ROLE_ABILITIES.customer_manager);
    const superuser = await newUser(db, "Sven Super", { isStaff: true, isSuperuser: true });
    await holdRole(db, superuser.id, customerId, "customer_manager", ROLE_ABILITIES.customer_manager);
    const outsider = await newUser(db, "Olga Outsider");
    await holdRole(db, outsider.id, customerId, "execution_manager", []);
    // A contract that was ended, too: it once held roles here.
    const former = await newUser(db, "Fritz Former");
    await holdRole(db, former.id, customerId, "employee_manager", [], { activeContract: false });

    const again = await seedDemo(db, { settings });
    expect(again.people.map(({ user }) => user.id)).toEqual(first.people.map(({ user }) => user.id));
    const strangers = [staff.id, superuser.id, outsider.id, former.id];
    expect(
      await count(
        sql`SELECT count(*) AS n FROM enrolment_links WHERE user_id IN (${sql.join(
          strangers.map((id) => sql`${id}`),
          sql`, `,
        )})`,
      ),
    ).toBe(0);
  });

  it("leaves out demo people deactivated, made staff or whose contract ended since", async () => {
    const { db } = database;
    const [admin, executionManager, employeeManager, timeAccountManager, nobody] = first.people.map(
      ({ user }) => user,
    );
    if (!admin || !executionManager || !employeeManager || !timeAccountManager || !nobody) {
      throw new Error("The demo cast is incomplete.");
    }
    await db.execute(sql`UPDATE users SET is_active = false WHERE id = ${nobody.id}`);
    await db.execute(sql`UPDATE users SET is_staff = true WHERE id = ${employeeManager.id}`);
    const [contract] = await db
      .select({ id: contracts.id })
      .from(contracts)
      .innerJoin(employees, eq(employees.id, contracts.employeeId))
      .where(eq(employees.userId, timeAccountManager.id));
    await setContractActive(db, systemActor, contract?.id as string, false);
    const again = await seedDemo(db, { settings });
    expect(again.people.map(({ user }) => user.id)).toEqual([admin.id, executionManager.id]);
  });
});
