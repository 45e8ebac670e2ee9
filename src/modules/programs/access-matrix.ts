/**
 * The programs module's rows of the authorization matrix (src/modules/access/matrix.int.test.ts):
 * staff manage the catalogue and customer programs; program managers of customer A see A's. Every
 * allowed row may run many times: POST creates something new, PATCH sets the same values again,
 * and DELETE is checked on an unknown id (the real deletion is in catalogue.int.test.ts).
 */
import { uuidv7 } from "../../lib/ids.ts";
import { forA, isPlatform, type Row, type RowGroup, signedInAtAll } from "../../testing/matrix.ts";
import { timeAccounts } from "../time-accounts/schema.ts";
import { customerPrograms, programDependencies, programs } from "./schema.ts";

interface Fixtures {
  customerA: string;
  unknownId: string;
  programId: string;
  dependencyId: string;
  customerProgramId: string;
  timeAccountId: string;
}

export const programsMatrix: RowGroup<Fixtures> = {
  setup: async ({ db, customerA, unknownId }) => {
    const [dependency] = await db.insert(programs).values({ name: "Matrix Dependency" }).returning();
    const [program] = await db.insert(programs).values({ name: "Matrix Program" }).returning();
    if (!dependency || !program) throw new Error("The matrix programs were not stored.");
    await db.insert(programDependencies).values({ programId: program.id, dependencyId: dependency.id });
    const timeAccountId = uuidv7();
    await db
      .insert(timeAccounts)
      .values({ id: timeAccountId, customerId: customerA, name: "Matrix Account" });
    const [customerProgram] = await db
      .insert(customerPrograms)
      .values({ programId: program.id, customerId: customerA, defaultTimeSavedSeconds: 60 })
      .returning();
    if (!customerProgram) throw new Error("The matrix customer program was not stored.");
    return {
      customerA,
      unknownId,
      programId: program.id,
      dependencyId: dependency.id,
      customerProgramId: customerProgram.id,
      timeAccountId,
    };
  },
  rows: [
    { method: "GET", route: "/api/staff/programs", url: () => "/api/staff/programs", allowed: isPlatform },
    {
      method: "POST",
      route: "/api/staff/programs",
      url: () => "/api/staff/programs",
      body: (f) => ({ name: "Matrix Created", dependencyIds: [f.dependencyId] }),
      allowed: isPlatform,
    },
    ...(["GET", "PATCH"] as const).flatMap((method): Row<Fixtures>[] => {
      const body = (f: Fixtures) => ({
        name: "Matrix Program",
        isActive: true,
        dependencyIds: [f.dependencyId],
      });
      return [
        {
          method,
          route: "/api/staff/programs/{id}",
          url: (f) => `/api/staff/programs/${f.programId}`,
          ...(method === "PATCH" ? { body } : {}),
          allowed: isPlatform,
        },
        {
          method,
          route: "/api/staff/programs/{id}",
          variant: "unknown program",
          url: (f) => `/api/staff/programs/${f.unknownId}`,
          ...(method === "PATCH" ? { body } : {}),
          allowed: isPlatform,
          unknown: true,
        },
      ];
    }),
    {
      method: "DELETE",
      route: "/api/staff/programs/{id}",
      variant: "unknown program",
      url: (f) => `/api/staff/programs/${f.unknownId}`,
      allowed: isPlatform,
      unknown: true,
    },
    {
      method: "GET",
      route: "/api/staff/customer-programs",
      url: (f) => `/api/staff/customer-programs?customerId=${f.customerA}`,
      allowed: isPlatform,
    },
    {
      method: "POST",
      route: "/api/staff/customer-programs",
      url: () => "/api/staff/customer-programs",
      body: (f) => ({
        programId: f.programId,
        customerId: f.customerA,
        defaultTimeSavedSeconds: 30,
        timeAccountIds: [f.timeAccountId],
      }),
      allowed: isPlatform,
    },
    ...(["GET", "PATCH"] as const).flatMap((method): Row<Fixtures>[] => {
      const body = (f: Fixtures) => ({
        pricingMode: "tiered",
        tiers: null,
        timeAccountIds: [f.timeAccountId],
      });
      return [
        {
          method,
          route: "/api/staff/customer-programs/{id}",
          url: (f) => `/api/staff/customer-programs/${f.customerProgramId}`,
          ...(method === "PATCH" ? { body } : {}),
          allowed: isPlatform,
        },
        {
          method,
          route: "/api/staff/customer-programs/{id}",
          variant: "unknown customer program",
          url: (f) => `/api/staff/customer-programs/${f.unknownId}`,
          ...(method === "PATCH" ? { body } : {}),
          allowed: isPlatform,
          unknown: true,
        },
      ];
    }),
    {
      method: "GET",
      route: "/api/os/customers/{customerId}/customer-programs",
      url: (f) => `/api/os/customers/${f.customerA}/customer-programs`,
      allowed: forA("program_manager"),
    },
    {
      method: "GET",
      route: "/api/os/customers/{customerId}/customer-programs",
      variant: "unknown customer",
      url: (f) => `/api/os/customers/${f.unknownId}/customer-programs`,
      allowed: isPlatform,
      unknown: true,
    },
    {
      method: "GET",
      route: "/api/os/customer-programs/{id}",
      url: (f) => `/api/os/customer-programs/${f.customerProgramId}`,
      allowed: forA("program_manager"),
    },
    {
      method: "GET",
      route: "/api/os/customer-programs/{id}",
      variant: "unknown customer program",
      url: (f) => `/api/os/customer-programs/${f.unknownId}`,
      allowed: signedInAtAll,
      unknown: true,
    },
  ],
};
