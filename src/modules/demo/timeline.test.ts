import { describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PROGRAMS } from "./content.ts";
import { buildTimeline, type TimelineInput } from "./timeline.ts";

const accountIds = ["00000000-0000-7000-8000-00000000000a", "00000000-0000-7000-8000-00000000000b"];

function input(now: Date): TimelineInput {
  const accounts = DEMO_ACCOUNTS.map((content, index) => ({ id: accountIds[index] as string, content }));
  return {
    now,
    customerId: "00000000-0000-7000-8000-000000000001",
    programs: DEMO_PROGRAMS.map((content, index) => ({
      id: `00000000-0000-7000-8000-0000000001${index}0`,
      content,
      timeAccountIds: content.accounts.map(
        (key) => accounts.find((account) => account.content.key === key)?.id as string,
      ),
    })),
    accounts,
    reporter: {
      userId: "00000000-0000-7000-8000-000000000002",
      apiKeyId: "00000000-0000-7000-8000-000000000003",
    },
    complainantUserId: "00000000-0000-7000-8000-000000000004",
  };
}

const now = new Date("2026-11-18T10:30:00Z");

describe("the demo's year", () => {
  const timeline = buildTimeline(input(now));

  it("is the same for the same clock, apart from the ids", () => {
    const again = buildTimeline(input(now));
    const shape = (t: typeof timeline) =>
      t.executions.map((row) => [row.created_at, row.time_saved_seconds, row.price, row.payment_status]);
    expect(shape(again)).toEqual(shape(timeline));
  });

  it("spreads some ten thousand executions over the year before now, in id order", () => {
    expect(timeline.executions.length).toBeGreaterThan(8_000);
    expect(timeline.executions.length).toBeLessThan(30_000);
    const times = timeline.executions.map((row) => Date.parse(row.created_at));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(timeline.start.getTime());
    expect(Math.max(...times)).toBeLessThan(now.getTime());
    expect(Math.max(...times)).toBeGreaterThan(now.getTime() - 86_400_000);
    const ids = timeline.executions.map((row) => row.id);
    expect([...ids].sort()).toEqual(ids);
  });

  it("has paid, not paid and revoked executions, each revoked one with a complaint", () => {
    const status = (s: string) => timeline.executions.filter((row) => row.payment_status === s);
    expect(status("paid").length).toBeGreaterThan(0);
    expect(status("not_paid").length).toBeGreaterThan(0);
    expect(status("revoked").length).toBe(timeline.complaints.length);
    expect(timeline.complaints.length).toBeGreaterThan(0);
    // Nothing of the last month is paid yet; everything older than two months is (or revoked).
    for (const row of status("paid"))
      expect(Date.parse(row.paid_at as string)).toBeLessThanOrEqual(now.getTime());
    expect(
      status("paid").every((row) => Date.parse(row.created_at) < Date.parse("2026-10-01T00:00:00Z")),
    ).toBe(true);
  });

  it("keeps the ledger consistent: balances are the entries' sums, never below zero", () => {
    for (const id of accountIds) {
      const entries = timeline.entries.filter((entry) => entry.time_account_id === id);
      let balance = 0;
      for (const entry of entries) {
        balance += entry.seconds;
        expect(entry.balance_after_seconds).toBe(balance);
        expect(balance).toBeGreaterThanOrEqual(0);
      }
      expect(timeline.balances.get(id)).toBe(balance);
    }
    const debited = new Map<string, number>();
    for (const entry of timeline.entries) {
      if (entry.kind === "execution_debit" && entry.execution_id) {
        debited.set(entry.execution_id, (debited.get(entry.execution_id) ?? 0) - entry.seconds);
      }
    }
    for (const row of timeline.executions) expect(debited.get(row.id) ?? 0).toBe(row.covered_seconds);
  });

  it("leaves one account topped up and the other nearly empty, after billing runs it could not cover", () => {
    const [kontingent, mahnwesen] = accountIds.map((id) => timeline.balances.get(id) ?? 0);
    expect(kontingent).toBeGreaterThan(20 * 3600);
    expect(mahnwesen).toBeGreaterThan(0);
    expect(mahnwesen).toBeLessThanOrEqual(2 * 3600);
    const mahnwesenProgram = input(now).programs[2]?.id;
    const billed = timeline.executions.filter(
      (row) => row.customer_program_id === mahnwesenProgram && row.billed_seconds > 0,
    );
    expect(billed.length).toBeGreaterThan(0);
  });

  it("ends each program's tier basis at the seconds of its counted executions", () => {
    for (const [id, basis] of timeline.tierBases) {
      const counted = timeline.executions
        .filter((row) => row.customer_program_id === id && row.payment_status !== "revoked")
        .reduce((sum, row) => sum + row.time_saved_seconds, 0);
      expect(basis).toBe(counted);
    }
  });
});
