/** How an execution looks in answers: the reporting API's view and the staff view build on one base. */
import { z } from "zod";
import { type Execution, PAYMENT_STATUSES } from "./schema.ts";

const executionFields = z.object({
  id: z.uuid(),
  customerProgramId: z.uuid(),
  timeSavedSeconds: z.number().int(),
  coveredSeconds: z.number().int().describe("Paid from prepaid time accounts"),
  billedSeconds: z.number().int().describe("Billed at the price per second"),
  pricePerSecond: z.string().describe("The rate applied (the tier's for tiered pricing), six places"),
  price: z
    .string()
    .describe("billedSeconds × the rate (tiers: × price per hour / 3600, exactly), rounded to six places"),
  currency: z.string(),
  paymentStatus: z.enum(PAYMENT_STATUSES),
  occurredAt: z.string().nullable(),
  createdAt: z.string(),
});

/** The reporting API's answer: the execution and what its program's accounts hold afterwards. */
export const executionView = executionFields.extend({
  remainingBalanceSeconds: z
    .number()
    .int()
    .describe("What the program's active time accounts hold after this execution"),
});

/** What staff see of a stored execution. */
export const storedExecutionView = executionFields.extend({
  customerId: z.uuid(),
  reportedByUserId: z.uuid().nullable(),
  apiKeyId: z.uuid().nullable(),
  paidAt: z.string().nullable(),
});

function fieldsOf(execution: Execution): z.infer<typeof executionFields> {
  return {
    id: execution.id,
    customerProgramId: execution.customerProgramId,
    timeSavedSeconds: execution.timeSavedSeconds,
    coveredSeconds: execution.coveredSeconds,
    billedSeconds: execution.billedSeconds,
    pricePerSecond: execution.pricePerSecond,
    price: execution.price,
    currency: execution.currency,
    paymentStatus: execution.paymentStatus,
    occurredAt: execution.occurredAt?.toISOString() ?? null,
    createdAt: execution.createdAt.toISOString(),
  };
}

export function viewExecution(
  execution: Execution,
  remainingBalanceSeconds: number,
): z.infer<typeof executionView> {
  return { ...fieldsOf(execution), remainingBalanceSeconds };
}

export function viewStoredExecution(execution: Execution): z.infer<typeof storedExecutionView> {
  return {
    ...fieldsOf(execution),
    customerId: execution.customerId,
    reportedByUserId: execution.reportedByUserId,
    apiKeyId: execution.apiKeyId,
    paidAt: execution.paidAt?.toISOString() ?? null,
  };
}
