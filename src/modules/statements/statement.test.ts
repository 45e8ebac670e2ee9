import { describe, expect, it } from "vitest";
import { type ExecutionGroup, summarize } from "./statement.ts";

const alpha = "0199aaaa-0000-7000-8000-00000000000a";
const beta = "0199aaaa-0000-7000-8000-00000000000b";
const names = new Map([
  [alpha, "Zeugnis-Bot"],
  [beta, "Angebots-Bot"],
]);

function group(overrides: Partial<ExecutionGroup>): ExecutionGroup {
  return {
    customerProgramId: alpha,
    currency: "EUR",
    status: "not_paid",
    executions: 1,
    timeSavedSeconds: 600,
    coveredSeconds: 100,
    billedSeconds: 500,
    price: "5.000000",
    ...overrides,
  };
}

describe("summing a statement", () => {
  it("adds open and paid executions per program, by name, and leaves revoked and refunded ones out", () => {
    const summary = summarize(
      [
        group({ executions: 2, price: "0.100001" }),
        group({
          status: "paid",
          executions: 1,
          price: "0.200002",
          timeSavedSeconds: 60,
          billedSeconds: 60,
          coveredSeconds: 0,
        }),
        group({ status: "revoked", executions: 4, price: "99.000000" }),
        group({ customerProgramId: beta, executions: 3, price: "1.000000" }),
        group({ customerProgramId: beta, status: "refunded", executions: 1, price: "7.000000" }),
      ],
      names,
    );
    expect(summary.lines).toEqual([
      {
        customerProgramId: beta,
        programName: "Angebots-Bot",
        currency: "EUR",
        executions: 3,
        timeSavedSeconds: 600,
        coveredSeconds: 100,
        billedSeconds: 500,
        amount: "1.000000",
      },
      {
        customerProgramId: alpha,
        programName: "Zeugnis-Bot",
        currency: "EUR",
        executions: 3,
        timeSavedSeconds: 660,
        coveredSeconds: 100,
        billedSeconds: 560,
        amount: "0.300003",
      },
    ]);
    expect(summary.totals).toEqual({
      executions: 6,
      timeSavedSeconds: 1260,
      coveredSeconds: 200,
      billedSeconds: 1060,
      amounts: [{ currency: "EUR", amount: "1.300003" }],
    });
    expect(summary.statusCounts).toEqual({ not_paid: 5, paid: 1, revoked: 4, refunded: 1 });
  });

  it("keeps currencies apart and is empty for a month without executions", () => {
    const summary = summarize([group({ currency: "CHF", price: "2.5" }), group({ price: "1.25" })], names);
    expect(summary.lines.map((line) => [line.currency, line.amount])).toEqual([
      ["CHF", "2.500000"],
      ["EUR", "1.250000"],
    ]);
    expect(summary.totals.amounts).toEqual([
      { currency: "CHF", amount: "2.500000" },
      { currency: "EUR", amount: "1.250000" },
    ]);
    expect(summarize([], names)).toEqual({
      lines: [],
      totals: { executions: 0, timeSavedSeconds: 0, coveredSeconds: 0, billedSeconds: 0, amounts: [] },
      statusCounts: { not_paid: 0, paid: 0, refunded: 0, revoked: 0 },
    });
  });
});
