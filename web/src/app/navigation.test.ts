import { describe, expect, it } from "vitest";
import { Holdings, mayOpen, navigationFor } from "./navigation.ts";

const pages = (holdings: Holdings) => navigationFor(holdings).map((item) => item.page);

describe("the menu of a customer", () => {
  it("is empty without roles", () => {
    expect(pages(new Holdings([]))).toEqual([]);
    expect(new Holdings([]).any).toBe(false);
  });

  it("shows only what the held roles open", () => {
    const executionManager = new Holdings([{ role: "execution_manager", abilities: [] }]);
    expect(pages(executionManager)).toEqual(["dashboard", "executions", "complaints"]);
    expect(mayOpen("timeAccounts", executionManager)).toBe(false);
  });

  it("offers role granting only with grant_role", () => {
    const without = new Holdings([{ role: "employee_manager", abilities: ["add_employees"] }]);
    expect(pages(without)).toEqual(["employees"]);
    const granter = new Holdings([{ role: "employee_manager", abilities: ["grant_role"] }]);
    expect(pages(granter)).toEqual(["employees", "roles"]);
    expect(granter.grantable()).toEqual(["employee_manager"]);
  });

  it("opens everything to staff", () => {
    expect(pages(new Holdings([], true))).toHaveLength(9);
  });
});
