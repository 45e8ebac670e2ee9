import type { RowGroup } from "../../testing/matrix.ts";

export const timeAccountsMatrix: RowGroup<Record<string, never>> = { setup: async () => ({}), rows: [] };
