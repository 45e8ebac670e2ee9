import { describe, expect, it } from "vitest";
import { statementCsvRow, statementCsvTotals, statementFileName } from "./csv.ts";
import { parseMonth } from "./month.ts";
import type { Statement } from "./statement.ts";

function statementOf(overrides: Partial<Statement["customer"]> = {}): Statement {
  return {
    ...parseMonth("2026-10"),
    customer: {
      id: "0199aaaa-0000-7000-8000-000000000001",
      name: "Müller & Söhne GmbH",
      customerNumber: null,
      billingAddress: null,
      ...overrides,
    },
    lines: [],
    totals: {
      executions: 2,
      timeSavedSeconds: 1200,
      coveredSeconds: 200,
      billedSeconds: 1000,
      amounts: [
        { currency: "CHF", amount: "1.000000" },
        { currency: "EUR", amount: "10.500000" },
      ],
    },
    statusCounts: { not_paid: 1, paid: 1, refunded: 0, revoked: 0 },
  };
}

describe("the statement CSV", () => {
  it("writes an execution with decimal commas, its status, and neutralises a formula in the name", () => {
    expect(
      statementCsvRow({
        id: "x",
        created: "01.10.2026 00:30:00",
        programName: "=HYPERLINK(1)",
        timeSavedSeconds: 600,
        coveredSeconds: 100,
        billedSeconds: 500,
        pricePerSecond: "0.063889",
        price: "31.944500",
        currency: "EUR",
        status: "revoked",
      }),
    ).toBe("01.10.2026 00:30:00;'=HYPERLINK(1);600;100;500;0,063889;31,944500;EUR;Storniert\r\n");
  });

  it("ends with one totals row per currency, the seconds on the first", () => {
    expect(statementCsvTotals(statementOf())).toBe(
      "Summe (Offen und Bezahlt);;1200;200;1000;;1,000000;CHF;\r\nSumme (Offen und Bezahlt);;;;;;10,500000;EUR;\r\n",
    );
  });

  it("names the file after the customer number, else the name", () => {
    expect(statementFileName(statementOf({ customerNumber: "K-1001" }), "csv")).toBe(
      "abrechnung-k-1001-2026-10.csv",
    );
    expect(statementFileName(statementOf(), "pdf")).toBe("abrechnung-mueller-soehne-gmbh-2026-10.pdf");
    expect(statementFileName(statementOf({ name: "££", customerNumber: "" }), "csv")).toBe(
      "abrechnung-0199aaaa-0000-7000-8000-000000000001-2026-10.csv",
    );
  });
});
