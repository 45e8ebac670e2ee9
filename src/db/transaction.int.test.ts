import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../testing/database.ts";
import { databaseErrorCode, isUniqueViolation } from "./errors.ts";
import { transaction } from "./transaction.ts";

const database = useTestDatabase();

beforeAll(async () => {
  await database.db.execute(sql`create table ledger (id int primary key, amount int not null)`);
});

/** Raised by the database itself, with the SQLSTATE real serialization conflicts carry. */
const raiseSerializationFailure = sql`do $$ begin raise exception 'conflict' using errcode = '40001'; end $$`;

async function total(): Promise<number> {
  const { rows } = await database.db.execute<{ total: number }>(
    sql`select coalesce(sum(amount), 0)::int as total from ledger`,
  );
  return rows[0]?.total ?? -1;
}

describe("transaction", () => {
  it("commits all of its work", async () => {
    await transaction(database.db, async (tx) => {
      await tx.execute(sql`insert into ledger values (1, 10)`);
      await tx.execute(sql`insert into ledger values (2, -10)`);
    });
    expect(await total()).toBe(0);
  });

  it("keeps none of its work when it fails half-way", async () => {
    await expect(
      transaction(database.db, async (tx) => {
        await tx.execute(sql`insert into ledger values (3, 5)`);
        await tx.execute(sql`insert into ledger values (1, 99)`); // duplicate key
      }),
    ).rejects.toSatisfy((error) => isUniqueViolation(error));
    const { rows } = await database.db.execute(sql`select * from ledger where id = 3`);
    expect(rows).toHaveLength(0);
  });

  it("rolls back only the inner part when nested", async () => {
    await transaction(database.db, async (tx) => {
      await tx.execute(sql`insert into ledger values (4, 1)`);
      await expect(
        transaction(tx, async (inner) => {
          await inner.execute(sql`insert into ledger values (5, 1)`);
          throw new Error("inner failure");
        }),
      ).rejects.toThrow("inner failure");
    });
    const { rows } = await database.db.execute<{ id: number }>(sql`select id from ledger where id in (4, 5)`);
    expect(rows.map((row) => row.id)).toEqual([4]);
  });

  it("retries when the database reports a serialization failure", async () => {
    let attempts = 0;
    const result = await transaction(
      database.db,
      async (tx) => {
        attempts++;
        if (attempts < 3) {
          await tx.execute(raiseSerializationFailure);
        }
        return "done";
      },
      { isolationLevel: "serializable", retries: 3 },
    );
    expect(result).toBe("done");
    expect(attempts).toBe(3);
  });

  it("does not retry other errors, nor beyond the limit", async () => {
    let attempts = 0;
    const failing = transaction(
      database.db,
      async (tx) => {
        attempts++;
        await tx.execute(raiseSerializationFailure);
      },
      { retries: 1 },
    );
    await expect(failing).rejects.toSatisfy((error) => databaseErrorCode(error) === "40001");
    expect(attempts).toBe(2);
  });

  it("leaves retrying to the outermost transaction", async () => {
    let attempts = 0;
    const outer = transaction(database.db, async (tx) => {
      await transaction(
        tx,
        async (inner) => {
          attempts++;
          await inner.execute(raiseSerializationFailure);
        },
        { retries: 3 },
      );
    });
    await expect(outer).rejects.toSatisfy((error) => databaseErrorCode(error) === "40001");
    expect(attempts).toBe(1);
  });
});
