import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { isUniqueViolation } from "../../db/errors.ts";
import { NotFoundError } from "../../lib/errors.ts";
import { useTestDatabase } from "../../testing/database.ts";
import { searchAudit, systemActor } from "../audit/service.ts";
import { createCustomer } from "../crm/service.ts";
import { createUser } from "../identity/service.ts";
import { contracts } from "./schema.ts";
import { ensureContract, ensureEmployee, listContractsOfCustomer, setContractActive } from "./service.ts";

const database = useTestDatabase();
const manager = { userId: "44444444-4444-4444-8444-444444444444" };

describe("ensureEmployee", () => {
  it("creates one employee per user, however often it is called", async () => {
    const user = await createUser(database.db, systemActor, { displayName: "Emma" });
    const [first, second] = await Promise.all([
      ensureEmployee(database.db, user.id),
      ensureEmployee(database.db, user.id),
    ]);
    expect(first.id).toBe(second.id);
    expect((await ensureEmployee(database.db, user.id)).id).toBe(first.id);
  });

  it("404s an unknown user", async () => {
    await expect(ensureEmployee(database.db, "00000000-0000-4000-8000-000000000000")).rejects.toThrow(
      NotFoundError,
    );
  });
});

describe("contracts", () => {
  it("creates one active contract per employee and customer", async () => {
    const user = await createUser(database.db, systemActor, { displayName: "Karl" });
    const customer = await createCustomer(database.db, systemActor, { name: "Vertrag GmbH" });
    const first = await ensureContract(database.db, manager, user.id, customer.id);
    expect(first.created).toBe(true);
    expect(first.contract).toMatchObject({ isActive: true, customerId: customer.id, deactivationDate: null });
    expect(first.contract.startDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const again = await ensureContract(database.db, manager, user.id, customer.id);
    expect(again).toEqual({ contract: first.contract, created: false });
    expect(await listContractsOfCustomer(database.db, customer.id)).toHaveLength(1);
    const created = await searchAudit(database.db, { customerId: customer.id, action: "contract.created" });
    expect(created).toHaveLength(1);
  });

  it("is unique per employee and customer in the database itself", async () => {
    const user = await createUser(database.db, systemActor, { displayName: "Doppel" });
    const customer = await createCustomer(database.db, systemActor, { name: "Doppel AG" });
    const { contract } = await ensureContract(database.db, manager, user.id, customer.id);
    await expect(
      database.db.insert(contracts).values({ employeeId: contract.employeeId, customerId: customer.id }),
    ).rejects.toSatisfy((error) => isUniqueViolation(error, "contracts_employee_customer_unique"));
  });

  it("deactivates with a date and reactivates clearing it, audit-logged with before and after", async () => {
    const user = await createUser(database.db, systemActor, { displayName: "Wechsel" });
    const customer = await createCustomer(database.db, systemActor, { name: "Wechsel KG" });
    const { contract } = await ensureContract(database.db, manager, user.id, customer.id);
    const deactivated = await setContractActive(
      database.db,
      manager,
      contract.id,
      false,
      () => new Date("2026-11-24T10:00:00Z"),
    );
    expect(deactivated).toMatchObject({ isActive: false, deactivationDate: "2026-11-24" });
    const unchanged = await setContractActive(database.db, manager, contract.id, false);
    expect(unchanged.deactivationDate).toBe("2026-11-24");
    const reactivated = await setContractActive(database.db, manager, contract.id, true);
    expect(reactivated).toMatchObject({ isActive: true, deactivationDate: null });
    // An existing inactive contract is not silently reactivated by ensureContract.
    await setContractActive(database.db, manager, contract.id, false);
    expect((await ensureContract(database.db, manager, user.id, customer.id)).contract.isActive).toBe(false);

    const entries = await searchAudit(database.db, { customerId: customer.id, actorUserId: manager.userId });
    const deactivation = entries.find((entry) => entry.action === "contract.deactivated");
    expect(deactivation).toMatchObject({
      before: { isActive: true, deactivationDate: null },
      after: { isActive: false, deactivationDate: "2026-11-24" },
    });
    expect(entries.filter((entry) => entry.action === "contract.reactivated")).toHaveLength(1);
  });

  it("404s an unknown or malformed customer", async () => {
    const user = await createUser(database.db, systemActor, { displayName: "Ohne Kunde" });
    await expect(
      ensureContract(database.db, manager, user.id, "00000000-0000-4000-8000-000000000000"),
    ).rejects.toThrow(NotFoundError);
    await expect(ensureContract(database.db, manager, user.id, "nope")).rejects.toThrow(NotFoundError);
    expect(await listContractsOfCustomer(database.db, "nope")).toEqual([]);
  });

  it("404s an unknown or malformed contract", async () => {
    await expect(
      setContractActive(database.db, manager, "00000000-0000-4000-8000-000000000000", false),
    ).rejects.toThrow(NotFoundError);
    await expect(setContractActive(database.db, manager, "x", false)).rejects.toThrow(NotFoundError);
  });

  it("removes contracts with their customer", async () => {
    const user = await createUser(database.db, systemActor, { displayName: "Weg" });
    const customer = await createCustomer(database.db, systemActor, { name: "Weg GmbH" });
    await ensureContract(database.db, manager, user.id, customer.id);
    await database.db.execute(sql`delete from customers where id = ${customer.id}`);
    expect(await listContractsOfCustomer(database.db, customer.id)).toHaveLength(0);
  });
});
