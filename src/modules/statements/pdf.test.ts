import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { temporaryDirectory } from "../../testing/temporary.ts";
import { parseMonth } from "./month.ts";
import { renderStatementPdf } from "./pdf.ts";
import type { Statement, StatementExecution } from "./statement.ts";

function statementWith(programs: number, executions: number): Statement {
  return {
    ...parseMonth("2026-10"),
    customer: { id: "c", name: "Groß & Klein AG", customerNumber: "K-7", billingAddress: null },
    lines: Array.from({ length: programs }, (_, index) => ({
      customerProgramId: `p${index}`,
      programName: `Programm ${index + 1} mit einem Namen, der für die Spalte viel zu lang ist`,
      currency: "EUR",
      executions: 1,
      timeSavedSeconds: 600,
      coveredSeconds: 0,
      billedSeconds: 600,
      amount: "30.000000",
    })),
    totals: {
      executions,
      timeSavedSeconds: 600 * executions,
      coveredSeconds: 0,
      billedSeconds: 600 * executions,
      amounts: [{ currency: "EUR", amount: (30 * executions).toFixed(6) }],
    },
    statusCounts: { not_paid: executions, paid: 0, refunded: 0, revoked: 0 },
  };
}

async function* executionsOf(count: number): AsyncGenerator<StatementExecution[]> {
  const row = (index: number): StatementExecution => ({
    id: String(index),
    created: "01.10.2026 10:00:00",
    programName: "Programm 1",
    timeSavedSeconds: 600,
    coveredSeconds: 0,
    billedSeconds: 600,
    pricePerSecond: "0.050000",
    price: "30.000000",
    currency: "EUR",
    status: "not_paid",
  });
  // Chunks of 7, and one execution more than the statement counted (recorded meanwhile).
  for (let start = 0; start <= count; start += 7) {
    yield Array.from({ length: Math.min(7, count + 1 - start) }, (_, offset) => row(start + offset));
  }
}

async function pagesOf(statement: Statement, executions: number) {
  const parts: Buffer[] = [];
  for await (const part of renderStatementPdf(statement, executionsOf(executions)))
    parts.push(part as Buffer);
  const file = path.join(temporaryDirectory("statement-pdf"), "statement.pdf");
  writeFileSync(file, Buffer.concat(parts));
  const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
  const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
  return { pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1]), text };
}

describe("the statement PDF's pages", () => {
  it("are counted before drawing: a summary running over a page and a long list agree with the footers", async () => {
    const { pages, text } = await pagesOf(statementWith(60, 150), 150);
    expect(pages).toBeGreaterThanOrEqual(4);
    for (let page = 1; page <= pages; page++) expect(text).toContain(`Seite ${page} von ${pages}`);
    expect(text).not.toContain(`von ${pages + 1}`);
    // The list stops at the executions the statement counted.
    expect(text.match(/01\.10\.2026 10:00/g)).toHaveLength(150);
    // Names too long for their column are cut.
    expect(text).toMatch(/Programm 1 mit .*…/);
  });

  it("has one page for an empty month", async () => {
    const { pages, text } = await pagesOf(statementWith(0, 0), 0);
    expect(pages).toBe(1);
    expect(text).toContain("Keine berechneten Ausführungen in diesem Monat.");
    expect(text).toContain("Keine Ausführungen in diesem Monat.");
    expect(text).toContain("Seite 1 von 1");
  });
});

describe("the statement PDF's text", () => {
  it("keeps names readable that have letters beyond the standard font's WinAnsi (Turkish, Polish, Czech)", async () => {
    const statement = statementWith(1, 1);
    const name = "Şahin & Łukasz Dvořák GmbH";
    statement.customer = {
      ...statement.customer,
      name,
      billingAddress: {
        addressedTo: "Yıldız Öztürk",
        street: "Łąkowa",
        houseNumber: "7",
        postalCode: "90-001",
        town: "Łódź",
        country: "PL",
      },
    };
    const { text } = await pagesOf(statement, 1);
    // Letters the font lacks become their base letter; the rest of the text stays as it is.
    expect(text).toContain("Sahin & Lukasz Dvorák GmbH");
    expect(text).toContain("Yildiz Öztürk");
    expect(text).toContain("Lakowa 7");
    expect(text).toContain("90-001 Lódz");
  });
});
