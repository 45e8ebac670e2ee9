import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/client";
import { addressLines, addressProblems, fieldErrorsOf, formOf, nameProblem, payloadOf } from "./address";

const complete = {
  addressedTo: "Buchhaltung",
  street: "Hauptstraße",
  houseNumber: "12a",
  postalCode: "10115",
  town: "Berlin",
  country: "de",
};

describe("address forms", () => {
  it("start empty with Germany, or with the stored address", () => {
    expect(formOf(null)).toEqual({
      addressedTo: "",
      street: "",
      houseNumber: "",
      postalCode: "",
      town: "",
      country: "DE",
    });
    expect(formOf({ ...complete, houseNumber: null })).toMatchObject({ houseNumber: "", town: "Berlin" });
  });

  it("need street, postal code, town and a two-letter country", () => {
    expect(addressProblems(complete)).toEqual({});
    expect(addressProblems(formOf(null))).toEqual({
      street: "required",
      postalCode: "required",
      town: "required",
    });
    expect(addressProblems({ ...complete, country: "DEU" })).toEqual({ country: "country" });
    expect(addressProblems({ ...complete, country: " " })).toEqual({ country: "required" });
  });

  it("keep to the server's lengths", () => {
    expect(addressProblems({ ...complete, houseNumber: "1".repeat(21) })).toEqual({ houseNumber: "tooLong" });
    expect(addressProblems({ ...complete, town: "B".repeat(100) })).toEqual({});
  });

  it("send trimmed values, empty ones as null, the country in capitals", () => {
    expect(payloadOf({ ...complete, addressedTo: "  ", street: " Hauptstraße " })).toEqual({
      addressedTo: null,
      street: "Hauptstraße",
      houseNumber: "12a",
      postalCode: "10115",
      town: "Berlin",
      country: "DE",
    });
  });
});

it("checks the company name like the server", () => {
  expect(nameProblem(" ")).toBe("required");
  expect(nameProblem("x".repeat(201))).toBe("tooLong");
  expect(nameProblem("Muster GmbH")).toBeNull();
});

describe("the API's field errors", () => {
  const fields = ["street", "country"] as const;

  it("go to their fields", () => {
    const error = new ApiError({
      status: 400,
      errors: [
        { path: "body.country", message: "Too big." },
        { path: "body.street", message: "Expected string." },
      ],
    });
    expect(fieldErrorsOf(error, fields)).toEqual({
      byField: { country: "Too big.", street: "Expected string." },
      placed: true,
    });
  });

  it("leave what has no field to the general message", () => {
    const error = new ApiError({
      status: 400,
      detail: "The country must be a two-letter ISO 3166 code, e.g. DE.",
    });
    expect(fieldErrorsOf(error, fields)).toEqual({ byField: {}, placed: false });
    expect(fieldErrorsOf(null, fields)).toEqual({ byField: {}, placed: false });
  });
});

it("writes an address as on an envelope", () => {
  expect(addressLines({ ...complete, country: "DE" }, "de")).toEqual([
    "Buchhaltung",
    "Hauptstraße 12a",
    "10115 Berlin",
    "Deutschland",
  ]);
  expect(
    addressLines(
      { addressedTo: null, street: null, houseNumber: null, postalCode: null, town: "Wien", country: "AT" },
      "en",
    ),
  ).toEqual(["Wien", "Austria"]);
});
