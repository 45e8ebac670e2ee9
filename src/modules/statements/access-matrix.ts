/**
 * The statement routes' rows of the authorization matrix: staff and superusers only; everybody else
 * gets 403, also for a customer they hold roles for.
 */
import type { Row, RowGroup } from "../../testing/matrix.ts";
import { isPlatform } from "../../testing/matrix.ts";

interface Fixtures {
  customerA: string;
  unknownId: string;
}

const ROUTE = "/api/staff/customers/{customerId}/statements/{month}";

export const statementsMatrix: RowGroup<Fixtures> = {
  setup: async ({ customerA, unknownId }) => ({ customerA, unknownId }),
  rows: (["", "/csv", "/pdf"] as const).flatMap((suffix): Row<Fixtures>[] => [
    {
      method: "GET",
      route: `${ROUTE}${suffix}`,
      url: (f) => `/api/staff/customers/${f.customerA}/statements/2026-10${suffix}`,
      allowed: isPlatform,
    },
    {
      method: "GET",
      route: `${ROUTE}${suffix}`,
      variant: "unknown customer",
      url: (f) => `/api/staff/customers/${f.unknownId}/statements/2026-10${suffix}`,
      allowed: isPlatform,
      unknown: true,
    },
  ]),
};
