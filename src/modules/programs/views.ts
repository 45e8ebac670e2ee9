/**
 * The JSON shapes of programs and customer programs (response schemas for OpenAPI) and the request
 * fields both route plugins share. Money is always a decimal string with six places.
 */
import { z } from "zod";
import { moneyField } from "../../lib/money.ts";
import type { ProgramWithDependencies } from "./catalogue.ts";
import type { CustomerProgramDetails } from "./customer-programs.ts";
import { priceSummary } from "./price-summary.ts";
import {
  EMPTY_TABLE,
  MAX_TIER_HOURS,
  MAX_TIERS,
  normalMoney,
  TOO_MANY_TIERS,
  tierOrderProblems,
} from "./rules.ts";
import { PRICING_MODES } from "./schema.ts";

const ref = z.object({ id: z.uuid(), name: z.string() });
const money = z.string().describe("A decimal with six places, e.g. 0.063889");

export const programView = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  isActive: z.boolean(),
  dependencies: z.array(ref).describe("The programs this one depends on, by name"),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

const tierView = z.object({
  fromHours: z.number().int().describe("From this many hours saved on"),
  pricePerHour: money,
});

export const customerProgramView = z.object({
  id: z.uuid(),
  program: ref.extend({ description: z.string() }),
  customerId: z.uuid(),
  customer: ref,
  defaultTimeSavedSeconds: z.number().int(),
  pricingMode: z.enum(PRICING_MODES),
  pricePerSecond: money.describe("The rate of fixed pricing"),
  tiers: z
    .array(tierView)
    .describe("The effective tier table (the default one unless defaultTiers is false)"),
  defaultTiers: z.boolean(),
  currency: z.string(),
  isActive: z.boolean(),
  timeAccounts: z
    .array(
      z.object({
        id: z.uuid(),
        name: z.string(),
        isActive: z.boolean(),
        balanceSeconds: z.number().int(),
        position: z.number().int(),
      }),
    )
    .describe("Drawn from in this order"),
  hoursSaved: z.string().describe("Hours saved so far (not_paid and paid executions), two places"),
  currentPricePerSecond: money.describe("The rate the next execution is priced at"),
  currentPricePerHour: money,
  nextTier: tierView.nullable().describe("Tiered pricing: the next tier; null at the last one or when fixed"),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export function viewProgram(program: ProgramWithDependencies): z.infer<typeof programView> {
  return {
    id: program.id,
    name: program.name,
    description: program.description,
    isActive: program.isActive,
    dependencies: program.dependencies,
    createdAt: program.createdAt.toISOString(),
    updatedAt: program.updatedAt.toISOString(),
  };
}

export function viewCustomerProgram(details: CustomerProgramDetails): z.infer<typeof customerProgramView> {
  const price = priceSummary(details);
  return {
    id: details.id,
    program: details.program,
    customerId: details.customerId,
    customer: details.customer,
    defaultTimeSavedSeconds: details.defaultTimeSavedSeconds,
    pricingMode: details.pricingMode,
    pricePerSecond: normalMoney(details.pricePerSecond),
    tiers: price.tiers,
    defaultTiers: price.defaultTiers,
    currency: details.currency,
    isActive: details.isActive,
    timeAccounts: details.timeAccounts,
    hoursSaved: price.hoursSaved,
    currentPricePerSecond: price.currentPricePerSecond,
    currentPricePerHour: price.currentPricePerHour,
    nextTier: price.nextTier,
    createdAt: details.createdAt.toISOString(),
    updatedAt: details.updatedAt.toISOString(),
  };
}

/** A list of distinct UUIDs. */
export const idList = (max: number, what: string) =>
  z
    .array(z.uuid())
    .max(max)
    .refine((ids) => new Set(ids).size === ids.length, `List each ${what} once.`);

export const tierTable = z
  .array(
    z.object({
      fromHours: z.number().int().min(0).max(MAX_TIER_HOURS),
      pricePerHour: moneyField,
    }),
  )
  .min(1, EMPTY_TABLE)
  .max(MAX_TIERS, TOO_MANY_TIERS)
  .superRefine((tiers, context) => {
    for (const problem of tierOrderProblems(tiers, "")) {
      context.addIssue({ code: "custom", message: problem.message, path: problem.path.split(".").slice(1) });
    }
  })
  .describe("From 0 hours on, strictly ascending; null for the default table");
