/**
 * The complaint routes' rows of the authorization matrix (src/modules/access/matrix.int.test.ts).
 * Filing revokes its execution, so it cannot be repeated for every actor on one execution: the matrix
 * checks filing on an unknown execution (404 for everyone signed in), and complaints.int.test.ts files
 * on a fresh execution per kind of actor (allowed, other roles, customer B, inactive contract).
 */
import { forA, type RowGroup, signedInAtAll } from "../../testing/matrix.ts";
import { newCustomerProgram } from "../../testing/reporting.ts";
import { placeExecutions } from "../insights/test-fixtures.ts";

interface Fixtures {
  unknownId: string;
  /** A not-paid execution of customer A. */
  executionId: string;
}

export const complaintsMatrix: RowGroup<Fixtures> = {
  setup: async ({ db, customerA, unknownId }) => {
    const customerProgramId = await newCustomerProgram(db, customerA);
    const [executionId = ""] = await placeExecutions(db, [
      { customerId: customerA, customerProgramId, createdAt: new Date(), timeSavedSeconds: 60 },
    ]);
    return { unknownId, executionId };
  },
  rows: [
    {
      method: "GET",
      route: "/api/os/executions/{executionId}/complaints",
      url: (f) => `/api/os/executions/${f.executionId}/complaints`,
      allowed: forA("execution_manager"),
    },
    {
      // Without the execution there is no customer to check authority for: everyone signed in gets 404.
      method: "GET",
      route: "/api/os/executions/{executionId}/complaints",
      variant: "unknown execution",
      url: (f) => `/api/os/executions/${f.unknownId}/complaints`,
      allowed: signedInAtAll,
      unknown: true,
    },
    {
      method: "POST",
      route: "/api/os/executions/{executionId}/complaints",
      variant: "unknown execution",
      url: (f) => `/api/os/executions/${f.unknownId}/complaints`,
      body: () => ({ text: "Never happened" }),
      allowed: signedInAtAll,
      unknown: true,
    },
  ],
};
