import type { RowGroup } from "../../testing/matrix.ts";
import { isPlatform } from "../../testing/matrix.ts";

interface Fixtures {
  customerA: string;
  unknownId: string;
}

/** Staff settle executions; nobody else may. */
export const executionsMatrix: RowGroup<Fixtures> = {
  setup: async ({ customerA, unknownId }) => ({ customerA, unknownId }),
  rows: [
    {
      method: "GET",
      route: "/api/staff/executions",
      url: (f) => `/api/staff/executions?customerId=${f.customerA}`,
      allowed: isPlatform,
    },
    {
      method: "POST",
      route: "/api/staff/executions/mark-paid",
      url: () => "/api/staff/executions/mark-paid",
      body: (f) => ({ customerId: f.customerA, from: "2026-01-01", to: "2026-02-01" }),
      allowed: isPlatform,
    },
    {
      method: "DELETE",
      route: "/api/staff/executions/{executionId}",
      variant: "unknown execution",
      url: (f) => `/api/staff/executions/${f.unknownId}`,
      allowed: isPlatform,
      unknown: true,
    },
  ],
};
