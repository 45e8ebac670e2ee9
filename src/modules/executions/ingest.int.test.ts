/**
 * Group commit: concurrent requests are written in one transaction, yet each keeps its own answer.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../app.ts";
import type { Database } from "../../db/connection.ts";
import { createTestApp } from "../../testing/app.ts";
import { useTestDatabase } from "../../testing/database.ts";
import { newApiKey, newCustomerProgram, newReportingWorld } from "../../testing/reporting.ts";
import { timeAccountEntries, timeAccounts } from "../time-accounts/schema.ts";
import { ExecutionIngest } from "./ingest.ts";
import { executions } from "./schema.ts";

const database = useTestDatabase();
let app: App;

beforeAll(async () => {
  ({ app } = await createTestApp(database.handle));
});

afterAll(async () => {
  await app.close();
});

describe("concurrent single executions (group commit)", () => {
  it("answer each request on its own: refusals do not fail the others of their group", async () => {
    const world = await newReportingWorld(database.db, 1000);
    const inactive = await newCustomerProgram(database.db, world.customerId, { isActive: false });
    const other = await newReportingWorld(database.db, 50);
    const secondKey = await newApiKey(database.db, world.reporter);
    const bodies = [
      {
        secret: world.key.secret,
        body: { customerProgramId: world.customerProgramId, timeSavedSeconds: 100 },
      },
      { secret: world.key.secret, body: { customerProgramId: inactive } },
      {
        secret: secondKey.secret,
        body: { customerProgramId: world.customerProgramId, timeSavedSeconds: 200 },
      },
      { secret: world.key.secret, body: { customerProgramId: world.customerProgramId, timeSavedSeconds: 0 } },
      {
        secret: world.key.secret,
        body: { customerProgramId: other.customerProgramId, timeSavedSeconds: 10 },
      },
      {
        secret: other.key.secret,
        body: { customerProgramId: other.customerProgramId, timeSavedSeconds: 80 },
      },
      { secret: "nadoo_unknown", body: { customerProgramId: world.customerProgramId } },
    ];
    const responses = await Promise.all(
      bodies.map(({ secret, body }) =>
        app.inject({
          method: "POST",
          url: "/api/v1/executions",
          headers: { authorization: `Bearer ${secret}` },
          payload: body,
        }),
      ),
    );
    expect(responses.map((response) => response.statusCode)).toEqual([201, 409, 201, 400, 403, 201, 401]);
    // The other customer's reporter drew its 50 seconds and was billed the rest.
    expect(responses[5]?.json()).toMatchObject({
      coveredSeconds: 50,
      billedSeconds: 30,
      remainingBalanceSeconds: 0,
    });

    const [account] = await database.db
      .select()
      .from(timeAccounts)
      .where(eq(timeAccounts.id, world.accountId));
    expect(account?.balanceSeconds).toBe(700);
    const [ledger] = await database.db
      .select({ sum: sql<string>`sum(${timeAccountEntries.seconds})` })
      .from(timeAccountEntries)
      .where(eq(timeAccountEntries.timeAccountId, world.accountId));
    expect(Number(ledger?.sum)).toBe(700);
    const stored = await database.db
      .select({ id: executions.id, apiKeyId: executions.apiKeyId })
      .from(executions)
      .where(eq(executions.customerProgramId, world.customerProgramId));
    expect(stored.map((row) => row.apiKeyId).sort()).toEqual([world.key.id, secondKey.id].sort());
  });

  it("records once for a key sent many times at once, and refuses it with another body", async () => {
    const world = await newReportingWorld(database.db, 1000);
    const send = (timeSavedSeconds: number) =>
      app.inject({
        method: "POST",
        url: "/api/v1/executions",
        headers: { authorization: `Bearer ${world.key.secret}`, "idempotency-key": "burst-1" },
        payload: { customerProgramId: world.customerProgramId, timeSavedSeconds },
      });
    const responses = await Promise.all([send(30), send(30), send(30), send(31), send(30)]);
    expect(responses.map((response) => response.statusCode).sort()).toEqual([201, 201, 201, 201, 409]);
    const ids = new Set(responses.filter((r) => r.statusCode === 201).map((r) => r.json().id));
    expect(ids.size).toBe(1);
    expect(responses.filter((r) => r.headers["idempotent-replayed"] === "true")).toHaveLength(3);
    const stored = await database.db
      .select({ id: executions.id })
      .from(executions)
      .where(eq(executions.customerProgramId, world.customerProgramId));
    expect(stored).toHaveLength(1);
  });
});

describe("a group whose COMMIT reports a failure", () => {
  it("is answered from what it wrote when it did commit, and never written twice", async () => {
    const world = await newReportingWorld(database.db, 1000);
    // COMMIT goes through, then the driver reports an error (as when the connection drops).
    const flaky = new Proxy(database.db, {
      get(target, property, receiver) {
        if (property !== "transaction") return Reflect.get(target, property, receiver);
        return async (...args: Parameters<Database["transaction"]>) => {
          await target.transaction(...args);
          throw new Error("Connection terminated unexpectedly");
        };
      },
    }) as Database;
    const failures: unknown[] = [];
    const ingest = new ExecutionIngest(flaky, (error) => failures.push(error));
    const reporter = { key: { id: world.key.id }, owner: world.reporter, customerIds: null };
    const answers = await Promise.all(
      [100, 200].map((timeSavedSeconds) =>
        ingest.record({
          reporter,
          input: { customerProgramId: world.customerProgramId, timeSavedSeconds },
          context: { userId: world.reporter.id, apiKeyId: world.key.id },
          idempotency: null,
          answer: (recorded) => ({ status: 201, body: recorded.execution.id }),
        }),
      ),
    );
    expect(failures.length).toBeGreaterThan(0);
    const stored = await database.db
      .select({ id: executions.id })
      .from(executions)
      .where(eq(executions.customerProgramId, world.customerProgramId));
    expect(stored.map((row) => row.id).sort()).toEqual(answers.map((answer) => answer.body).sort());
    const [account] = await database.db
      .select()
      .from(timeAccounts)
      .where(eq(timeAccounts.id, world.accountId));
    expect(account?.balanceSeconds).toBe(700);
  });
});
