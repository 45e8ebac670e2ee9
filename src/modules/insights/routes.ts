/**
 * `/api/os/insights/...`: a customer's figures for its execution managers and program managers (and
 * staff). Days are calendar days in Europe/Berlin, ranges include both ends; revoked and refunded
 * executions do not count. Session-authenticated; the services apply the policy.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Database } from "../../db/connection.ts";
import { requireActor } from "../access/http.ts";
import { checkedRange, MAX_RANGE_DAYS } from "./calendar.ts";
import { changeView, figuresView } from "./figures.ts";
import { REPORTING_TIME_ZONE } from "./rollups.ts";
import { insightsPrograms, insightsSeries, insightsSummary } from "./service.ts";

export interface InsightRoutesOptions {
  db: Database;
}

const os = { tags: ["os"], security: [{ session: [], csrf: [] }] };

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a calendar day, YYYY-MM-DD")
  .describe(`A calendar day in ${REPORTING_TIME_ZONE}, YYYY-MM-DD`);

const range = z.object({
  customerId: z.uuid(),
  from: day.describe(`First day of the period (inclusive, ${REPORTING_TIME_ZONE})`),
  to: day.describe(`Last day of the period (inclusive); at most ${MAX_RANGE_DAYS} days after from`),
});

const periodFigures = figuresView.extend({ from: z.string(), to: z.string() });

const countsNote =
  "Counts executions that are not_paid or paid; revoked and refunded executions are left out. Figures come " +
  "from daily rollups kept in step with every change of an execution.";

export const insightRoutes: FastifyPluginAsyncZod<InsightRoutesOptions> = async (app, { db }) => {
  app.get(
    "/insights/summary",
    {
      schema: {
        ...os,
        summary: "A customer's figures for a period, the period of equal length before it, and the change",
        description: `${countsNote} Change is in percent with one decimal, null when the previous period has nothing. Execution managers and program managers of the customer, staff.`,
        querystring: range.extend({ customerProgramId: z.uuid().optional() }),
        response: {
          200: z.object({
            customerId: z.uuid(),
            customerProgramId: z.uuid().nullable(),
            timeZone: z.string(),
            current: periodFigures,
            previous: periodFigures,
            change: changeView,
            prepaidBalanceSeconds: z
              .number()
              .int()
              .nullable()
              .describe(
                "What the customer's time accounts hold now, active or not; null unless the reader may see time accounts (time account managers, staff)",
              ),
          }),
        },
      },
    },
    async (request) => {
      const { customerId, customerProgramId, from, to } = request.query;
      const summary = await insightsSummary(db, await requireActor(request, db), {
        customerId,
        customerProgramId,
        range: checkedRange(from, to),
      });
      return {
        customerId,
        customerProgramId: customerProgramId ?? null,
        timeZone: REPORTING_TIME_ZONE,
        ...summary,
      };
    },
  );

  app.get(
    "/insights/series",
    {
      schema: {
        ...os,
        summary: "A customer's figures per day or per month of a period, zeros filled in",
        description: `${countsNote} Months the period only partly covers hold the covered days only. Execution managers and program managers of the customer, staff.`,
        querystring: range.extend({
          granularity: z.enum(["day", "month"]).default("day"),
          customerProgramId: z.uuid().optional(),
        }),
        response: {
          200: z.object({
            customerId: z.uuid(),
            customerProgramId: z.uuid().nullable(),
            granularity: z.enum(["day", "month"]),
            timeZone: z.string(),
            points: z.array(figuresView.extend({ period: z.string().describe("YYYY-MM-DD or YYYY-MM") })),
          }),
        },
      },
    },
    async (request) => {
      const { customerId, customerProgramId, granularity, from, to } = request.query;
      const points = await insightsSeries(db, await requireActor(request, db), {
        customerId,
        customerProgramId,
        granularity,
        range: checkedRange(from, to),
      });
      return {
        customerId,
        customerProgramId: customerProgramId ?? null,
        granularity,
        timeZone: REPORTING_TIME_ZONE,
        points,
      };
    },
  );

  app.get(
    "/insights/programs",
    {
      schema: {
        ...os,
        summary: "A customer's figures per customer program for a period, most time saved first",
        description: `${countsNote} Inactive programs appear only with figures in the period. Execution managers and program managers of the customer, staff.`,
        querystring: range,
        response: {
          200: z.object({
            customerId: z.uuid(),
            from: z.string(),
            to: z.string(),
            timeZone: z.string(),
            items: z.array(
              figuresView.extend({
                customerProgramId: z.uuid(),
                name: z.string(),
                isActive: z.boolean(),
                share: z
                  .number()
                  .nullable()
                  .describe("Percent of the period's time saved, one decimal; null when none was saved"),
              }),
            ),
            total: figuresView,
          }),
        },
      },
    },
    async (request) => {
      const { customerId, from, to } = request.query;
      const checked = checkedRange(from, to);
      const breakdown = await insightsPrograms(db, await requireActor(request, db), {
        customerId,
        range: checked,
      });
      return { customerId, ...checked, timeZone: REPORTING_TIME_ZONE, ...breakdown };
    },
  );
};
