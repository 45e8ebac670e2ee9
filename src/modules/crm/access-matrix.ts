/**
 * The CRM staff routes' rows of the authorization matrix (src/modules/access/matrix.int.test.ts):
 * customers and their addresses are staff business; customer users get 403 on all of it.
 */
import { isPlatform, type RowGroup } from "../../testing/matrix.ts";

interface Fixtures {
  customerA: string;
  unknownId: string;
}

export const crmMatrix: RowGroup<Fixtures> = {
  setup: async ({ customerA, unknownId }) => ({ customerA, unknownId }),
  rows: [
    {
      method: "GET",
      route: "/api/staff/customers",
      url: () => "/api/staff/customers?q=Matrix",
      allowed: isPlatform,
    },
  ],
};
