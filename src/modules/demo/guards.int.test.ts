/**
 * What keeps `seedDemo` out of real data: a database with other customers is refused unless forced,
 * and a customer numbered DEMO-0001 that the command did not create is refused even then (its people
 * get no links, nothing is added).
 */
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { TEST_AUTH_CONFIG } from "../../testing/app.ts";
import { useTestDatabase } from "../../testing/database.ts";
import { holdRole, newCustomer, newUser } from "../../testing/people.ts";
import { ROLE_ABILITIES } from "../access/roles.ts";
import { systemActor } from "../audit/service.ts";
import { authSettings } from "../auth/settings.ts";
import { customers } from "../crm/schema.ts";
import { createCustomer } from "../crm/service.ts";
import { programs } from "../programs/schema.ts";
import { DEMO_CUSTOMER_NUMBER, DEMO_PROGRAMS } from "./content.ts";
import { DemoRefusedError, seedDemo } from "./service.ts";

const now = new Date("2026-11-18T10:30:00Z");
const settings = authSettings(TEST_AUTH_CONFIG, () => now);

describe("seedDemo in a database with other customers", () => {
  const database = useTestDatabase();
  const count = async (query: ReturnType<typeof sql>) =>
    Number((await database.db.execute<{ n: string | number }>(query)).rows[0]?.n ?? 0);

  it("refuses without force and changes nothing", async () => {
    const { db } = database;
    await newCustomer(db, "Echte Kunde AG");
    const error = await seedDemo(db, { settings }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DemoRefusedError);
    expect((error as Error).message).toContain('already holds other customers (e.g. "Echte Kunde AG")');
    expect((error as Error).message).toContain("nadoo seed-demo --force");
    expect(await count(sql`SELECT count(*) AS n FROM ${customers}`)).toBe(1);
    expect(await count(sql`SELECT count(*) AS n FROM users`)).toBe(0);
    expect(await count(sql`SELECT count(*) AS n FROM api_keys`)).toBe(0);
  });

  it("creates the demo with force, beside an inactive catalogue program of the same name", async () => {
    const { db } = database;
    const name = DEMO_PROGRAMS[0]?.name as string;
    const [retired] = await db
      .insert(programs)
      .values({ name, description: "retired", isActive: false })
      .returning({ id: programs.id });
    const result = await seedDemo(db, { settings, now, force: true });
    expect(result.created).toBe(true);
    expect(result.people).toHaveLength(5);
    expect(await count(sql`SELECT count(*) AS n FROM ${customers}`)).toBe(2);
    // The retired program stays retired and gets no demo customer.
    expect(
      await count(sql`SELECT count(*) AS n FROM customer_programs WHERE program_id = ${retired?.id}`),
    ).toBe(0);
    expect(await count(sql`SELECT count(*) AS n FROM ${programs} WHERE name = ${name} AND is_active`)).toBe(
      1,
    );
    // Run again, without force: the demo is known, so it only issues fresh links.
    const again = await seedDemo(db, { settings });
    expect(again.created).toBe(false);
    expect(again.people.map(({ user }) => user.id)).toEqual(result.people.map(({ user }) => user.id));
  });
});

describe("seedDemo beside a foreign customer numbered DEMO-0001", () => {
  const database = useTestDatabase();

  it("refuses, even with force, and issues no link to its people", async () => {
    const { db } = database;
    const customer = await createCustomer(db, systemActor, {
      name: "Demonta Bau KG",
      customerNumber: DEMO_CUSTOMER_NUMBER,
    });
    const boss = await newUser(db, "Berta Boss");
    await holdRole(db, boss.id, customer.id, "customer_manager", ROLE_ABILITIES.customer_manager);
    for (const force of [false, true]) {
      const error = await seedDemo(db, { settings, force }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DemoRefusedError);
      expect((error as Error).message).toContain(
        `A customer numbered ${DEMO_CUSTOMER_NUMBER} ("Demonta Bau KG") exists, but seed-demo did not create it`,
      );
    }
    const links = await db.execute<{ n: string | number }>(
      sql`SELECT count(*) AS n FROM enrolment_links WHERE user_id = ${boss.id}`,
    );
    expect(Number(links.rows[0]?.n)).toBe(0);
    const rows = await db.select().from(customers).where(eq(customers.customerNumber, DEMO_CUSTOMER_NUMBER));
    expect(rows).toHaveLength(1);
  });
});
