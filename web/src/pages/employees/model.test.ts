import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/client";
import { type Employee, explainEmployeeError, filterEmployees } from "./model";

function employee(displayName: string, code: string, isActive = true): Employee {
  return {
    contractId: `${code}-contract`,
    customerId: "c",
    user: { id: code, code, displayName, isActive: true },
    isActive,
    startDate: "2026-01-01",
    endDate: null,
    deactivationDate: isActive ? null : "2026-03-01",
    roles: [],
  };
}

const list = [
  employee("Anna Berger", "K7QM-3XTD-9PWA"),
  employee("Bernd Roth", "AAAA-BBBB-CCCC", false),
  employee("Clara Anders", "ZZZZ-1111-2222"),
];

describe("filterEmployees", () => {
  it("keeps everyone without a search or filter", () => {
    expect(filterEmployees(list, "", "all")).toHaveLength(3);
  });

  it("finds names by every word, in any case", () => {
    expect(filterEmployees(list, "anna", "all").map((e) => e.user.displayName)).toEqual(["Anna Berger"]);
    expect(filterEmployees(list, "an ber", "all").map((e) => e.user.displayName)).toEqual(["Anna Berger"]);
  });

  it("finds user codes without dashes or case", () => {
    expect(filterEmployees(list, "k7qm3x", "all").map((e) => e.user.displayName)).toEqual(["Anna Berger"]);
    expect(filterEmployees(list, "zzzz-1", "all").map((e) => e.user.displayName)).toEqual(["Clara Anders"]);
  });

  it("filters by contract status", () => {
    expect(filterEmployees(list, "", "inactive").map((e) => e.user.displayName)).toEqual(["Bernd Roth"]);
    expect(filterEmployees(list, "", "active")).toHaveLength(2);
    expect(filterEmployees(list, "bernd", "active")).toHaveLength(0);
  });
});

describe("explainEmployeeError", () => {
  const problem = (status: number, code?: string) => new ApiError({ status, code, detail: "English" });

  it("names an unknown code when adding", () => {
    expect(explainEmployeeError(problem(404, "not_found"), "add", { code: "K7QM-3XTD-9PWA" })).toEqual({
      key: "errors.unknownCode",
      values: { code: "K7QM-3XTD-9PWA" },
    });
  });

  it("explains an inactive contract before any other 403", () => {
    expect(explainEmployeeError(problem(403, "contract_inactive"), "add")).toEqual({
      key: "errors.contractInactive",
    });
  });

  it("says per action what the server requires on a 403", () => {
    expect(explainEmployeeError(problem(403, "forbidden"), "deactivate")?.key).toBe(
      "errors.forbidden.deactivate",
    );
    expect(explainEmployeeError(problem(403, "forbidden"), "invite")?.key).toBe("errors.forbidden.invite");
  });

  it("explains a new link for an inactive contract or someone who is not an employee", () => {
    expect(explainEmployeeError(problem(409, "conflict"), "newLink")?.key).toBe(
      "errors.linkContractInactive",
    );
    expect(explainEmployeeError(problem(404, "not_found"), "newLink", { code: "X" })?.key).toBe(
      "errors.notEmployee",
    );
    expect(explainEmployeeError(problem(410, "gone"), "newLink")?.key).toBe("errors.userDeactivated");
  });

  it("leaves network, session, throttling and server errors to the shared texts", () => {
    for (const status of [0, 401, 429, 500, 503])
      expect(explainEmployeeError(problem(status), "add")).toBeNull();
    expect(explainEmployeeError(new Error("boom"), "add")).toBeNull();
  });
});
