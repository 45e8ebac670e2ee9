import { describe, expect, it } from "vitest";
import { splitCoveredBilled } from "./executions.ts";
import { ImportReport } from "./report.ts";

describe("ImportReport", () => {
  it("prints counts per model with totals, notes, models not taken and warnings", () => {
    const report = new ImportReport();
    report.read("nadooit_auth.user", 2);
    report.count("nadooit_auth.user", "imported");
    report.count("nadooit_auth.user", "skipped");
    report.note("nadooit_crm.address", "imported as part of billing addresses");
    report.notTaken("nadooit_website.section", "website data comes with phase 2");
    report.notTaken("nadooit_website.section", "website data comes with phase 2");
    report.warn("something odd");
    const text = report.format();
    expect(text).toContain("Import committed.");
    expect(text).toMatch(/nadooit_auth\.user\s+2\s+1\s+0\s+1/);
    expect(text).toMatch(/total\s+2\s+1\s+0\s+1/);
    expect(text).toContain("nadooit_website.section (2): website data comes with phase 2");
    expect(text).toContain("  - something odd");
    expect(report.toJSON().totals).toEqual({ read: 2, imported: 1, updated: 0, skipped: 1 });
  });

  it("counts warnings beyond the listed ones", () => {
    const report = new ImportReport();
    for (let index = 0; index < 205; index++) report.warn(`w${index}`);
    expect(report.warnings).toHaveLength(200);
    expect(report.format()).toContain("Warnings (205):");
    expect(report.format()).toContain("… and 5 more");
  });
});

describe("splitCoveredBilled", () => {
  it("derives billed seconds from price and rate, never more than the time saved", () => {
    expect(splitCoveredBilled(60, "0.010000", "0.000000")).toEqual({ covered: 60, billed: 0 });
    expect(splitCoveredBilled(60, "0.010000", "0.300000")).toEqual({ covered: 30, billed: 30 });
    expect(splitCoveredBilled(3600, "0.063889", "230.000000")).toEqual({ covered: 0, billed: 3600 });
    expect(splitCoveredBilled(60, "0.000000", "1.000000")).toEqual({ covered: 0, billed: 60 });
    expect(splitCoveredBilled(10, "0.010000", "5.000000")).toEqual({ covered: 0, billed: 10 });
  });
});
