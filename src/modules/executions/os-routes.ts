/**
 * `/api/os/executions`: the executions page of NADOO OS for a customer's execution managers (staff:
 * every customer), and its CSV export. Session-authenticated; the service applies the policy.
 */
import { Readable } from "node:stream";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Database } from "../../db/connection.ts";
import { csvCell, csvLine, UTF8_BOM } from "../../lib/csv.ts";
import { requireActor } from "../access/http.ts";
import { LIST_PERIODS } from "../insights/calendar.ts";
import { costView } from "../insights/figures.ts";
import { REPORTING_TIME_ZONE } from "../insights/rollups.ts";
import {
  DEFAULT_LIST_PAGE,
  EXPORT_HEADERS,
  exportCustomerExecutions,
  listCustomerExecutions,
  listFilterPrograms,
  MAX_LIST_PAGE,
  STATUS_LABELS,
} from "./listing.ts";
import { PAYMENT_STATUSES } from "./schema.ts";

export interface ExecutionOsRoutesOptions {
  db: Database;
  /** The clock "today" and "this month" are read from. */
  now?: () => Date;
}

const os = { tags: ["os"], security: [{ session: [], csrf: [] }] };

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use a calendar day, YYYY-MM-DD");

const filterQuery = z.object({
  customerId: z.uuid(),
  period: z
    .enum(LIST_PERIODS)
    .default("this_month")
    .describe(
      `Calendar periods in ${REPORTING_TIME_ZONE}: today, this_month, last_month (the month before this ` +
        "one, in January December of the previous year), this_year, last_20 (the newest 20, one page), " +
        "custom (from..to, both included, at most three years)",
    ),
  from: day.optional().describe("First day for period=custom (inclusive)"),
  to: day.optional().describe("Last day for period=custom (inclusive)"),
  customerProgramId: z.uuid().optional(),
  status: z.enum(PAYMENT_STATUSES).optional(),
});

const listedExecution = z.object({
  id: z.uuid(),
  customerProgramId: z.uuid(),
  programName: z.string(),
  timeSavedSeconds: z.number().int(),
  coveredSeconds: z.number().int(),
  billedSeconds: z.number().int(),
  pricePerSecond: z.string(),
  price: z.string(),
  currency: z.string(),
  paymentStatus: z.enum(PAYMENT_STATUSES),
  occurredAt: z.string().nullable(),
  createdAt: z.string(),
});

export const executionOsRoutes: FastifyPluginAsyncZod<ExecutionOsRoutesOptions> = async (app, options) => {
  const { db } = options;
  const now = options.now ?? (() => new Date());

  app.get(
    "/executions",
    {
      schema: {
        ...os,
        summary: "A customer's executions, newest first, in pages, with totals (execution managers)",
        description:
          "Totals cover every execution the filter selects (not only this page), leaving revoked ones out " +
          "unless status=revoked is asked for; for calendar periods they come from the daily rollups, " +
          "for last_20 from the 20 executions listed.",
        querystring: filterQuery.extend({
          cursor: z.string().max(200).optional().describe("nextCursor of the previous page"),
          limit: z.coerce.number().int().min(1).max(MAX_LIST_PAGE).default(DEFAULT_LIST_PAGE),
        }),
        response: {
          200: z.object({
            from: z.string().nullable().describe("First day of the period; null for last_20"),
            to: z.string().nullable(),
            timeZone: z.string(),
            items: z.array(listedExecution),
            nextCursor: z.string().nullable(),
            totals: z.object({
              executions: z.number().int(),
              timeSavedSeconds: z.number().int(),
              costs: z.array(costView),
            }),
          }),
        },
      },
    },
    async (request) => {
      const { cursor, limit, ...filter } = request.query;
      const page = await listCustomerExecutions(
        db,
        await requireActor(request, db),
        filter,
        { cursor, limit },
        now(),
      );
      return {
        from: page.range?.from ?? null,
        to: page.range?.to ?? null,
        timeZone: REPORTING_TIME_ZONE,
        items: page.items.map((item) => ({
          id: item.id,
          customerProgramId: item.customerProgramId,
          programName: item.programName,
          timeSavedSeconds: item.timeSavedSeconds,
          coveredSeconds: item.coveredSeconds,
          billedSeconds: item.billedSeconds,
          pricePerSecond: item.pricePerSecond,
          price: item.price,
          currency: item.currency,
          paymentStatus: item.paymentStatus,
          occurredAt: item.occurredAt?.toISOString() ?? null,
          createdAt: item.createdAt.toISOString(),
        })),
        nextCursor: page.nextCursor,
        totals: page.totals,
      };
    },
  );

  app.get(
    "/executions/programs",
    {
      schema: {
        ...os,
        summary: "The customer's programs for the executions filter, by name (execution managers)",
        description:
          "Every customer program of the customer, active or not, so older executions can be filtered " +
          "too. Execution managers need not be program managers: this is the little they may know.",
        querystring: z.object({ customerId: z.uuid() }),
        response: {
          200: z.object({
            items: z.array(z.object({ id: z.uuid(), name: z.string(), isActive: z.boolean() })),
          }),
        },
      },
    },
    async (request) => ({
      items: await listFilterPrograms(db, await requireActor(request, db), request.query.customerId),
    }),
  );

  app.get(
    "/executions/export.csv",
    {
      schema: {
        ...os,
        summary: "The executions of the same filter as CSV, streamed (execution managers)",
        description:
          "UTF-8 with a byte order mark, semicolon-separated, decimal comma, CRLF line ends (German Excel " +
          "opens it as is). Columns: ID, Programm, Ersparte Zeit (s), Preis, Erstellt (YYYY-MM-DD HH:MM:SS " +
          `in ${REPORTING_TIME_ZONE}), Währung, Status. Newest first. Cells that would start a formula get a ` +
          "leading apostrophe.",
        produces: ["text/csv"],
        querystring: filterQuery,
        response: { 200: z.string().describe("The CSV file") },
      },
    },
    async (request, reply) => {
      const filter = request.query;
      const exported = await exportCustomerExecutions(db, await requireActor(request, db), filter, now());
      const format = { delimiter: ";" } as const;
      // Only program names are free text; every other cell is a UUID, a number, a date or a fixed
      // label that needs neither quoting nor neutralising, so each name is escaped once.
      const names = new Map<string, string>();
      const cellOf = (name: string) => {
        let cell = names.get(name);
        if (cell === undefined) {
          cell = csvCell(name, format);
          names.set(name, cell);
        }
        return cell;
      };
      async function* lines(): AsyncGenerator<string> {
        yield UTF8_BOM + csvLine(EXPORT_HEADERS, format);
        for await (const rows of exported.chunks) {
          let text = "";
          for (const row of rows) {
            text += `${row.id};${cellOf(row.programName)};${row.timeSavedSeconds};${row.price.replace(".", ",")};${row.created};${cellOf(row.currency)};${STATUS_LABELS[row.paymentStatus]}\r\n`;
          }
          yield text;
        }
      }
      const span = exported.range ? `${exported.range.from}_${exported.range.to}` : "last-20";
      return (
        reply
          .header("content-type", "text/csv; charset=utf-8")
          .header("content-disposition", `attachment; filename="buchungen_${span}.csv"`)
          .header("cache-control", "no-store")
          // A stream is sent as it is; the schema's string only documents the body for OpenAPI.
          .send(Readable.from(lines(), { objectMode: false }) as unknown as string)
      );
    },
  );
};
