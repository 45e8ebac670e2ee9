import { describe, expect, it } from "vitest";
import {
  describeCycle,
  duplicateIdProblems,
  findCycle,
  graphOf,
  normalMoney,
  normalTiers,
  tierTableProblems,
} from "./rules.ts";
import { DEFAULT_TIERS } from "./tiers.ts";

const edges = (...pairs: [string, string][]) =>
  graphOf(pairs.map(([programId, dependencyId]) => ({ programId, dependencyId })));

describe("findCycle", () => {
  it("refuses a program depending on itself", () => {
    expect(findCycle(edges(), "A", ["A"])).toEqual(["A", "A"]);
  });

  it("finds a direct cycle: A → B while B → A", () => {
    expect(findCycle(edges(["B", "A"]), "A", ["B"])).toEqual(["A", "B", "A"]);
  });

  it("finds an indirect cycle through several programs", () => {
    const graph = edges(["B", "C"], ["C", "D"], ["D", "A"]);
    expect(findCycle(graph, "A", ["B"])).toEqual(["A", "B", "C", "D", "A"]);
  });

  it("names the shortest of several cycles", () => {
    const graph = edges(["B", "C"], ["C", "D"], ["D", "A"], ["E", "A"]);
    expect(findCycle(graph, "A", ["B", "E"])).toEqual(["A", "E", "A"]);
  });

  it("accepts a DAG with shared dependencies (a diamond is no cycle)", () => {
    const graph = edges(["B", "D"], ["C", "D"], ["D", "E"]);
    expect(findCycle(graph, "A", ["B", "C"])).toBeNull();
  });

  it("ignores the program's own current edges, which are being replaced", () => {
    // A → B exists now; giving A the dependency C (where C → D) replaces it, and B → A is no cycle then.
    const graph = edges(["A", "B"], ["B", "A"], ["C", "D"]);
    expect(findCycle(graph, "A", ["C"])).toBeNull();
  });

  it("terminates on a graph that already has a cycle elsewhere", () => {
    const graph = edges(["B", "C"], ["C", "B"]);
    expect(findCycle(graph, "A", ["B"])).toBeNull();
  });

  it("describes a cycle by names", () => {
    const names = new Map([
      ["A", "Reporting"],
      ["B", "Export"],
    ]);
    expect(describeCycle(["A", "B", "A"], (id) => names.get(id) ?? id)).toBe(
      "Reporting → Export → Reporting",
    );
  });
});

describe("id lists", () => {
  it("names each repeated id once, at its last position", () => {
    expect(duplicateIdProblems(["x", "y", "x", "x"], "timeAccountIds")).toEqual([
      { path: "timeAccountIds.3", message: "x is listed more than once." },
    ]);
    expect(duplicateIdProblems(["x", "y"], "timeAccountIds")).toEqual([]);
  });
});

describe("tier tables", () => {
  it("accepts the default table and a single tier", () => {
    expect(tierTableProblems(DEFAULT_TIERS)).toEqual([]);
    expect(tierTableProblems([{ fromHours: 0, pricePerHour: "100" }])).toEqual([]);
  });

  it("refuses an empty table and more than 100 tiers", () => {
    expect(tierTableProblems([])).toEqual([
      { path: "tiers", message: expect.stringContaining("at least one") },
    ]);
    const many = Array.from({ length: 101 }, (_, index) => ({ fromHours: index, pricePerHour: "1" }));
    expect(tierTableProblems(many)).toEqual([
      { path: "tiers", message: expect.stringContaining("at most 100") },
    ]);
  });

  it("needs the first tier at 0 hours", () => {
    expect(tierTableProblems([{ fromHours: 1, pricePerHour: "100" }])).toEqual([
      { path: "tiers.0.fromHours", message: "The first tier must start at 0 hours." },
    ]);
  });

  it("needs strictly ascending thresholds", () => {
    const tiers = [
      { fromHours: 0, pricePerHour: "100" },
      { fromHours: 10, pricePerHour: "90" },
      { fromHours: 10, pricePerHour: "80" },
      { fromHours: 5, pricePerHour: "70" },
    ];
    expect(tierTableProblems(tiers)).toEqual([
      { path: "tiers.2.fromHours", message: "Thresholds must ascend strictly: 10 h follows 10 h." },
      { path: "tiers.3.fromHours", message: "Thresholds must ascend strictly: 5 h follows 10 h." },
    ]);
  });

  it("refuses fractional or out-of-range hours and malformed prices", () => {
    const tiers = [
      { fromHours: 0, pricePerHour: "-1" },
      { fromHours: 1.5, pricePerHour: "1.1234567" },
      { fromHours: 100_001, pricePerHour: "abc" },
    ];
    expect(tierTableProblems(tiers).map((problem) => problem.path)).toEqual([
      "tiers.0.pricePerHour",
      "tiers.1.fromHours",
      "tiers.1.pricePerHour",
      "tiers.2.fromHours",
      "tiers.2.pricePerHour",
    ]);
  });

  it("stores prices with six places", () => {
    expect(normalMoney("0.05")).toBe("0.050000");
    expect(normalTiers([{ fromHours: 0, pricePerHour: "230" }])).toEqual([
      { fromHours: 0, pricePerHour: "230.000000" },
    ]);
  });
});
