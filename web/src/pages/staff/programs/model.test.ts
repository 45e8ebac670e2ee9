import { describe, expect, it } from "vitest";
import { ApiError } from "../../../api/client";
import {
  dependencyOptions,
  type Program,
  programFormOf,
  programFormProblems,
  programPayloadOf,
} from "./model";
import { messageAt, messagesUnder, placeProblems } from "./problems";

const program = (
  id: string,
  name: string,
  isActive = true,
  dependencies: { id: string; name: string }[] = [],
) => ({ id, name, description: "", isActive, dependencies, createdAt: "", updatedAt: "" }) as Program;

describe("program form", () => {
  it("starts empty and active, or with the stored program and its dependencies", () => {
    expect(programFormOf(null)).toEqual({ name: "", description: "", isActive: true, dependencyIds: [] });
    expect(programFormOf(program("a", "Export", false, [{ id: "b", name: "Import" }]))).toEqual({
      name: "Export",
      description: "",
      isActive: false,
      dependencyIds: ["b"],
    });
  });

  it("requires a name and sends it trimmed", () => {
    expect(programFormProblems({ ...programFormOf(null), name: "  " })).toEqual({ name: "required" });
    expect(programFormProblems({ ...programFormOf(null), name: "x".repeat(201) })).toEqual({
      name: "tooLong",
    });
    expect(programPayloadOf({ ...programFormOf(null), name: " Export " }).name).toBe("Export");
  });

  it("offers every other program as a dependency, inactive ones marked", () => {
    const options = dependencyOptions(
      [program("a", "Export"), program("b", "Import", false), program("c", "Mahnwesen")],
      "a",
      (name) => `${name} (inaktiv)`,
    );
    expect(options).toEqual([
      { value: "b", label: "Import (inaktiv)" },
      { value: "c", label: "Mahnwesen" },
    ]);
  });
});

describe("server problems", () => {
  const error = new ApiError({
    status: 400,
    code: "validation_failed",
    errors: [
      { path: "body.tiers.1.fromHours", message: "Thresholds must ascend strictly." },
      { path: "tiers.1.fromHours", message: "Again." },
      { path: "dependencyIds", message: "This would close the cycle A → B → A." },
      { path: "dependencyIds.0", message: "Unknown." },
      { path: "customerId", message: "Unknown customer." },
    ],
  });

  it("places them at their fields, with or without the body prefix", () => {
    const placed = placeProblems(error, ["tiers", "dependencyIds"]);
    expect(placed.placed).toBe(true);
    expect(messageAt(placed, "tiers.1.fromHours")).toBe("Thresholds must ascend strictly. Again.");
    expect(messageAt(placed, "dependencyIds")).toBe("This would close the cycle A → B → A.");
    expect(messagesUnder(placed, "dependencyIds")).toBe("This would close the cycle A → B → A. Unknown.");
    expect(messageAt(placed, "customerId")).toBeUndefined();
  });

  it("leaves what no field shows for the general alert", () => {
    expect(placeProblems(error, ["name"]).placed).toBe(false);
    expect(placeProblems(new Error("network"), ["name"]).placed).toBe(false);
  });
});
