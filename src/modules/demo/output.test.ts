import { describe, expect, it } from "vitest";
import { describeDatabase, withoutPassword } from "./output.ts";

describe("describeDatabase", () => {
  it("names the embedded database by its directory", () => {
    expect(describeDatabase({ dataDir: "/srv/nadoo/data" })).toBe(
      "the embedded database in /srv/nadoo/data/pg",
    );
  });

  it("prints a PostgreSQL URL without its password", () => {
    expect(
      describeDatabase({ dataDir: "/x", databaseUrl: "postgres://nadoo:s3cret@db.example:5432/nadoo" }),
    ).toBe("PostgreSQL at postgres://nadoo@db.example:5432/nadoo");
    expect(withoutPassword("postgresql://nadoo@db/nadoo?sslmode=require&password=s3cret")).toBe(
      "postgresql://nadoo@db/nadoo?sslmode=require",
    );
    expect(withoutPassword("postgres://%%%:s3cret@")).not.toContain("s3cret");
  });
});
