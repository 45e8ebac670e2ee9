/**
 * The staff user administration routes' rows of the authorization matrix.
 */
import type { RowGroup } from "../../testing/matrix.ts";

export const staffUsersMatrix: RowGroup<Record<string, never>> = {
  setup: async () => ({}),
  rows: [],
};
