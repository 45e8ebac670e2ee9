import type { RowGroup } from "../../testing/matrix.ts";
import { forA, isPlatform } from "../../testing/matrix.ts";

interface Fixtures {
  customerA: string;
  unknownId: string;
}

/** Staff settle executions; nobody else may. A customer's execution managers list and export its executions. */
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
    ...(
      ["/api/os/executions", "/api/os/executions/export.csv", "/api/os/executions/programs"] as const
    ).flatMap((route) => [
      {
        method: "GET" as const,
        route,
        url: (f: Fixtures) => `${route}?customerId=${f.customerA}&period=this_month`,
        allowed: forA("execution_manager"),
      },
      {
        method: "GET" as const,
        route,
        variant: "unknown customer",
        url: (f: Fixtures) => `${route}?customerId=${f.unknownId}&period=last_20`,
        allowed: isPlatform,
        unknown: true,
      },
    ]),
  ],
};
