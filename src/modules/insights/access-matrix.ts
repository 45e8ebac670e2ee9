/**
 * The insights rows of the authorization matrix (src/modules/access/matrix.int.test.ts): execution
 * managers and program managers of the customer (any abilities, active contract) and staff read them.
 */
import { forA, isPlatform, type Kind, type Row, type RowGroup } from "../../testing/matrix.ts";

interface Fixtures {
  customerA: string;
  unknownId: string;
}

const readers = (actor: Kind) => forA("execution_manager")(actor) || forA("program_manager")(actor);

const ROUTES = ["summary", "series", "programs"] as const;

export const insightsMatrix: RowGroup<Fixtures> = {
  setup: async ({ customerA, unknownId }) => ({ customerA, unknownId }),
  rows: ROUTES.flatMap((name): Row<Fixtures>[] => [
    {
      method: "GET",
      route: `/api/os/insights/${name}`,
      url: (f) => `/api/os/insights/${name}?customerId=${f.customerA}&from=2026-01-01&to=2026-03-31`,
      allowed: readers,
    },
    {
      method: "GET",
      route: `/api/os/insights/${name}`,
      variant: "unknown customer",
      url: (f) => `/api/os/insights/${name}?customerId=${f.unknownId}&from=2026-01-01&to=2026-03-31`,
      allowed: isPlatform,
      unknown: true,
    },
  ]),
};
