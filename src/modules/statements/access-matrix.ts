/**
 * The statement routes' rows of the authorization matrix.
 */
import type { RowGroup } from "../../testing/matrix.ts";

export const statementsMatrix: RowGroup<Record<string, never>> = {
  setup: async () => ({}),
  rows: [],
};
