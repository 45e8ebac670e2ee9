/**
 * The notification routes' rows of the authorization matrix.
 */
import type { RowGroup } from "../../testing/matrix.ts";

export const notificationsMatrix: RowGroup<Record<string, never>> = {
  setup: async () => ({}),
  rows: [],
};
