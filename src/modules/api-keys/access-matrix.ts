import type { RowGroup } from "../../testing/matrix.ts";

export const apiKeysMatrix: RowGroup<Record<string, never>> = { setup: async () => ({}), rows: [] };
