import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../app.ts";
import { uuidv7 } from "../../lib/ids.ts";
import { createTestApp } from "../../testing/app.ts";
import { useTestDatabase } from "../../testing/database.ts";
import { call, holdRole, newCustomer, newUser, type SignedIn, signedIn } from "../../testing/people.ts";
import type { Ability, Role } from "../access/roles.ts";
import { timeAccounts } from "../time-accounts/schema.ts";

const database = useTestDatabase();
let app: App;
let staff: SignedIn;
let alpha: string;
let beta: string;
let alphaProgram: { id: string };
let betaProgram: { id: string };

const UNKNOWN = "0199aaaa-0000-7000-8000-000000000000";

async function person(
  name: string,
  customerId: string,
  role: Role,
  abilities: Ability[] = [],
  active = true,
) {
  const user = await newUser(database.db, name);
  await holdRole(database.db, user.id, customerId, role, abilities, { activeContract: active });
  return signedIn(database.db, user);
}

beforeAll(async () => {
  ({ app } = await createTestApp(database.handle));
  staff = await signedIn(database.db, await newUser(database.db, "Staff Member", { isStaff: true }));
  alpha = await newCustomer(database.db, "Alpha GmbH");
  beta = await newCustomer(database.db, "Beta AG");
  const programId = (
    await call(app, staff, "POST", "/api/staff/programs", {
      name: "Invoice Bot",
      description: "Reads incoming invoices into the ledger.",
    })
  ).json().id;
  const account = uuidv7();
  await database.db
    .insert(timeAccounts)
    .values({ id: account, customerId: alpha, name: "Prepaid", balanceSeconds: 900 });
  const install = async (customerId: string, body: Record<string, unknown> = {}) =>
    (
      await call(app, staff, "POST", "/api/staff/customer-programs", {
        programId,
        customerId,
        defaultTimeSavedSeconds: 60,
        ...body,
      })
    ).json();
  alphaProgram = await install(alpha, { timeAccountIds: [account] });
  betaProgram = await install(beta, { pricingMode: "fixed", pricePerSecond: "0.02" });
});
afterAll(async () => {
  await app.close();
});

describe("program managers see their customer's programs", () => {
  it("lists the customer's programs with prices, tiers and time accounts, for any abilities", async () => {
    const manager = await person("Reader", alpha, "program_manager");
    const response = await call(app, manager, "GET", `/api/os/customers/${alpha}/customer-programs`);
    expect(response.statusCode).toBe(200);
    expect(response.json().items).toEqual([alphaProgram]);
    expect(alphaProgram).toMatchObject({
      program: { name: "Invoice Bot", description: "Reads incoming invoices into the ledger." },
      currentPricePerHour: "230.000000",
      tiers: expect.arrayContaining([{ fromHours: 0, pricePerHour: "230.000000" }]),
      timeAccounts: [{ name: "Prepaid", balanceSeconds: 900, position: 0 }],
    });

    const one = await call(app, manager, "GET", `/api/os/customer-programs/${alphaProgram.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual(alphaProgram);
  });

  it("refuses another customer's programs with 403 and unknown ids with 404", async () => {
    const manager = await person("Alpha only", alpha, "program_manager", ["create_programs"]);
    expect((await call(app, manager, "GET", `/api/os/customers/${beta}/customer-programs`)).statusCode).toBe(
      403,
    );
    expect((await call(app, manager, "GET", `/api/os/customer-programs/${betaProgram.id}`)).statusCode).toBe(
      403,
    );
    expect(
      (await call(app, manager, "GET", `/api/os/customers/${UNKNOWN}/customer-programs`)).statusCode,
    ).toBe(403);
    const unknown = await call(app, manager, "GET", `/api/os/customer-programs/${UNKNOWN}`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe("not_found");
  });

  it("refuses holders of other roles, inactive contracts and people without contracts", async () => {
    const others = [
      await person("Execution manager", alpha, "execution_manager", ["create_executions", "grant_role"]),
      await person("Time account manager", alpha, "time_account_manager", ["create_time_accounts"]),
      await person("Former program manager", alpha, "program_manager", ["grant_role"], false),
      await signedIn(database.db, await newUser(database.db, "Nobody")),
    ];
    for (const someone of others) {
      const list = await call(app, someone, "GET", `/api/os/customers/${alpha}/customer-programs`);
      expect(list.statusCode, someone.user.displayName).toBe(403);
      expect(list.headers["content-type"]).toContain("application/problem+json");
      const one = await call(app, someone, "GET", `/api/os/customer-programs/${alphaProgram.id}`);
      expect(one.statusCode, someone.user.displayName).toBe(403);
    }
    expect((await call(app, null, "GET", `/api/os/customers/${alpha}/customer-programs`)).statusCode).toBe(
      401,
    );
    expect((await call(app, null, "GET", `/api/os/customer-programs/${alphaProgram.id}`)).statusCode).toBe(
      401,
    );
  });

  it("shows staff every customer's programs and 404 for unknown customers", async () => {
    const ofBeta = await call(app, staff, "GET", `/api/os/customers/${beta}/customer-programs`);
    expect(ofBeta.json().items).toEqual([betaProgram]);
    expect(betaProgram).toMatchObject({ pricingMode: "fixed", currentPricePerHour: "72.000000" });
    expect((await call(app, staff, "GET", `/api/os/customer-programs/${betaProgram.id}`)).statusCode).toBe(
      200,
    );
    expect((await call(app, staff, "GET", `/api/os/customers/${UNKNOWN}/customer-programs`)).statusCode).toBe(
      404,
    );
    expect((await call(app, staff, "GET", "/api/os/customers/nope/customer-programs")).statusCode).toBe(400);
  });

  it("lists nothing for a customer without programs", async () => {
    const gamma = await newCustomer(database.db, "Gamma KG");
    const manager = await person("Gamma manager", gamma, "program_manager");
    const response = await call(app, manager, "GET", `/api/os/customers/${gamma}/customer-programs`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ items: [] });
  });
});
