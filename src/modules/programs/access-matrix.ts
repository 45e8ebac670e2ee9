import type { RowGroup } from "../../testing/matrix.ts";

export const programsMatrix: RowGroup<Record<string, never>> = { setup: async () => ({}), rows: [] };
