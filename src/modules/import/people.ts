/**
 * Users (nadooit_auth), customers and addresses (nadooit_crm), employees and contracts (nadooit_hr).
 * Users come without passwords: they receive enrolment links on request (SPEC §1).
 */
import { and, sql } from "drizzle-orm";
import { inList } from "../../db/lists.ts";
import { addresses, customers } from "../crm/schema.ts";
import { contracts, employees } from "../hr/schema.ts";
import { users } from "../identity/schema.ts";
import { userCodeKey } from "../identity/user-code.ts";
import { fieldsOf, type ImportContext, lookup, recordsOf, tally, userReference } from "./context.ts";
import { derivedId, type Fields, idFor, pkKey } from "./records.ts";
import { type Row, upsertRows } from "./upsert.ts";

export const USER = "nadooit_auth.user";
export const ADDRESS = "nadooit_crm.address";
export const BILLING_ADDRESS = "nadooit_crm.billingadress";
export const SHIPPING_ADDRESS = "nadooit_crm.shippingadress";
export const CUSTOMER = "nadooit_crm.customer";
export const EMPLOYEE = "nadooit_hr.employee";
export const CONTRACT = "nadooit_hr.employeecontract";

export async function importUsers(context: ImportContext): Promise<void> {
  const rows: Row[] = [];
  const codes = new Map<string, string>();
  for (const record of recordsOf(context, USER)) {
    const fields: Fields = fieldsOf(record);
    const username = fields.optionalText("username");
    if (record.pk === undefined && !username) fields.fail("username", "is missing, and the record has no pk");
    // `--natural-primary` leaves out the pk of users; their natural key (username) gives the id.
    const id = record.pk === undefined ? derivedId(`${USER}:username:${username}`) : idFor(USER, record.pk);
    const code = fields.text("user_code").trim();
    if (code.length === 0 || code.length > 32) fields.fail("user_code", "must have 1 to 32 characters");
    if (codes.has(code)) fields.fail("user_code", `${code} is used by another user of the dump as well`);
    codes.set(code, id);
    const fullName = [fields.optionalText("first_name"), fields.optionalText("last_name")]
      .filter(Boolean)
      .join(" ")
      .trim();
    const displayName = fields.optionalText("display_name")?.trim() || fullName || username || code;
    rows.push({
      id,
      code,
      codeKey: userCodeKey(code),
      displayName,
      isActive: fields.boolean("is_active", true),
      isStaff: fields.boolean("is_staff", false),
      isSuperuser: fields.boolean("is_superuser", false),
      createdAt: fields.optionalDateTime("date_joined") ?? new Date(),
    });
    if (record.pk !== undefined) context.users.byPk.set(pkKey(record.pk), id);
    if (username) context.users.byUsername.set(username, id);
    context.users.byCode.set(code, id);
  }
  if (rows.length === 0) return;
  // A code already held by a user of NADOO (not one imported before) cannot be taken over.
  const taken = await context.db
    .select({ id: users.id, code: users.code })
    .from(users)
    .where(
      and(
        inList(users.code, [...codes.keys()], "text"),
        sql`NOT ${inList(
          users.id,
          rows.map((row) => row.id),
          "uuid",
        )}`,
      ),
    );
  for (const clash of taken) {
    const record = recordsOf(context, USER).find(
      (candidate) => fieldsOf(candidate).raw("user_code") === clash.code,
    );
    if (record) fieldsOf(record).fail("user_code", `${clash.code} is already the code of another NADOO user`);
  }
  const outcomes = await upsertRows(context.db, users, rows, [
    "code",
    "codeKey",
    "displayName",
    "isActive",
    "isStaff",
    "isSuperuser",
  ]);
  tally(context, USER, outcomes);
}

interface AddressSource {
  addressedTo: string | null;
  street: string | null;
  houseNumber: string | null;
  postalCode: string | null;
  town: string | null;
}

/**
 * The original kept an Address and wrapped it in a BillingAdress or ShippingAdress (with the
 * addressee). Here a customer links an address row directly, so each wrapper a customer uses becomes
 * one row (its id the wrapper's), holding the wrapped address and the addressee.
 */
export async function importCustomers(context: ImportContext): Promise<void> {
  const plain = new Map<string, Omit<AddressSource, "addressedTo">>();
  for (const record of recordsOf(context, ADDRESS)) {
    const fields: Fields = fieldsOf(record);
    plain.set(pkKey(record.pk), {
      street: fields.optionalText("street"),
      houseNumber: fields.optionalText("house_number"),
      postalCode: fields.optionalText("postal_code"),
      town: fields.optionalText("town"),
    });
  }
  const wrappers = new Map<
    string,
    Map<string, AddressSource & { model: string; pk: unknown; created: Date | null }>
  >();
  for (const model of [BILLING_ADDRESS, SHIPPING_ADDRESS]) {
    const byPk = new Map<string, AddressSource & { model: string; pk: unknown; created: Date | null }>();
    for (const record of recordsOf(context, model)) {
      const fields: Fields = fieldsOf(record);
      const address = lookup(plain, fields, "adress", "address");
      byPk.set(pkKey(record.pk), {
        model,
        pk: record.pk,
        addressedTo: fields.optionalText("addressed_to"),
        street: address?.street ?? null,
        houseNumber: address?.houseNumber ?? null,
        postalCode: address?.postalCode ?? null,
        town: address?.town ?? null,
        created: fields.optionalDateTime("created_at"),
      });
    }
    wrappers.set(model, byPk);
  }
  const addressRows: Row[] = [];
  const addressModels: string[] = [];
  const used = new Set<string>();
  const customerRows: Row[] = [];
  for (const record of recordsOf(context, CUSTOMER)) {
    const fields: Fields = fieldsOf(record);
    const id = idFor(CUSTOMER, record.pk);
    const linked: Record<string, string | null> = {};
    for (const [field, model] of [
      ["billing_address", BILLING_ADDRESS],
      ["shipping_address", SHIPPING_ADDRESS],
    ] as const) {
      const wrapper = lookup(wrappers.get(model) ?? new Map(), fields, field, "address");
      if (!wrapper) {
        linked[field] = null;
        continue;
      }
      const key = `${model}:${pkKey(wrapper.pk)}`;
      // Two customers sharing one wrapper get a row each, so editing one never changes the other.
      const addressId = used.has(key) ? derivedId(`${key}:${id}`) : idFor(model, wrapper.pk);
      used.add(key);
      addressRows.push({
        id: addressId,
        addressedTo: wrapper.addressedTo,
        street: wrapper.street,
        houseNumber: wrapper.houseNumber,
        postalCode: wrapper.postalCode,
        town: wrapper.town,
        ...(wrapper.created ? { createdAt: wrapper.created } : {}),
      });
      addressModels.push(model);
      linked[field] = addressId;
    }
    const createdAt = fields.optionalDateTime("created_at");
    customerRows.push({
      id,
      name: fields.text("name"),
      billingAddressId: linked.billing_address ?? null,
      shippingAddressId: linked.shipping_address ?? null,
      ...(createdAt ? { createdAt } : {}),
    });
    context.customers.set(pkKey(record.pk), id);
  }
  const addressOutcomes = await upsertRows(context.db, addresses, addressRows, [
    "addressedTo",
    "street",
    "houseNumber",
    "postalCode",
    "town",
  ]);
  addressOutcomes.forEach((outcome, index) => {
    context.report.count(addressModels[index] ?? BILLING_ADDRESS, outcome);
  });
  for (const [model, byPk] of wrappers) {
    const unused = [...byPk.keys()].filter((pk) => !used.has(`${model}:${pk}`)).length;
    if (unused > 0) {
      context.report.count(model, "skipped", unused);
      context.report.warn(`${model}: ${unused} address(es) belong to no customer and were not imported.`);
    }
  }
  if (plain.size > 0)
    context.report.note(ADDRESS, "imported as part of the billing/shipping addresses using them");
  tally(
    context,
    CUSTOMER,
    await upsertRows(context.db, customers, customerRows, ["name", "billingAddressId", "shippingAddressId"]),
  );
}

export async function importEmployees(context: ImportContext): Promise<void> {
  const rows: Row[] = [];
  for (const record of recordsOf(context, EMPLOYEE)) {
    const fields: Fields = fieldsOf(record);
    const userId = userReference(context, fields, "user");
    if (!userId) fields.fail("user", "is missing");
    const createdAt = fields.optionalDateTime("created_at");
    rows.push({ id: idFor(EMPLOYEE, record.pk), userId, ...(createdAt ? { createdAt } : {}) });
  }
  // A user who became an employee in NADOO since (one employee per user) keeps that employee row.
  const existing =
    rows.length === 0
      ? []
      : await context.db
          .select({ id: employees.id, userId: employees.userId })
          .from(employees)
          .where(
            inList(
              employees.userId,
              rows.map((row) => row.userId as string),
              "uuid",
            ),
          );
  const byUser = new Map(existing.map((row) => [row.userId, row.id]));
  for (const row of rows) row.id = byUser.get(row.userId as string) ?? row.id;
  tally(context, EMPLOYEE, await upsertRows(context.db, employees, rows, ["userId"]));
  recordsOf(context, EMPLOYEE).forEach((record, index) => {
    const row = rows[index] as Row;
    context.employees.set(pkKey(record.pk), { id: row.id, userId: row.userId as string });
  });
}

/**
 * The original allowed several contracts per employee and customer (and crashed on them); here the
 * pair is unique, so duplicates merge into one contract (an active one wins) and their roles with it.
 */
export async function importContracts(context: ImportContext): Promise<void> {
  const byPair = new Map<string, Row & { sourcePk: string }>();
  const pairOf = new Map<string, string>();
  for (const record of recordsOf(context, CONTRACT)) {
    const fields: Fields = fieldsOf(record);
    const employee = lookup(context.employees, fields, "employee", "employee");
    const customerId = lookup(context.customers, fields, "customer", "customer");
    if (!employee) fields.fail("employee", "is missing");
    if (!customerId) fields.fail("customer", "is missing");
    const createdAt = fields.optionalDateTime("created_at");
    const row = {
      id: idFor(CONTRACT, record.pk),
      sourcePk: pkKey(record.pk),
      employeeId: employee.id,
      customerId,
      isActive: fields.boolean("is_active", true),
      startDate: fields.optionalDate("start_date") ?? (createdAt ?? new Date()).toISOString().slice(0, 10),
      endDate: fields.optionalDate("end_date"),
      deactivationDate: fields.optionalDate("deactivation_date"),
      ...(createdAt ? { createdAt } : {}),
    };
    const pair = `${employee.id}:${customerId}`;
    pairOf.set(row.sourcePk, pair);
    const first = byPair.get(pair);
    if (!first) {
      byPair.set(pair, row);
      continue;
    }
    context.report.count(CONTRACT, "skipped");
    context.report.warn(
      `${CONTRACT} pk ${row.sourcePk}: a second contract of the same employee and customer; merged into ${first.sourcePk}.`,
    );
    if (row.isActive && !first.isActive) {
      byPair.set(pair, { ...row, id: first.id, sourcePk: first.sourcePk });
    }
  }
  const rows = [...byPair.values()];
  if (rows.length > 0) {
    // A pair that got a contract in NADOO since keeps that contract row.
    const existing = await context.db
      .select({ id: contracts.id, employeeId: contracts.employeeId, customerId: contracts.customerId })
      .from(contracts)
      .where(
        inList(
          contracts.employeeId,
          rows.map((row) => row.employeeId as string),
          "uuid",
        ),
      );
    const byExistingPair = new Map(existing.map((row) => [`${row.employeeId}:${row.customerId}`, row.id]));
    for (const row of rows) row.id = byExistingPair.get(`${row.employeeId}:${row.customerId}`) ?? row.id;
  }
  const plainRows = rows.map(({ sourcePk: _source, ...row }) => row);
  tally(
    context,
    CONTRACT,
    await upsertRows(context.db, contracts, plainRows, [
      "isActive",
      "startDate",
      "endDate",
      "deactivationDate",
    ]),
  );
  for (const [sourcePk, pair] of pairOf) {
    const row = byPair.get(pair) as Row;
    context.contracts.set(sourcePk, {
      id: row.id,
      employeeId: row.employeeId as string,
      customerId: row.customerId as string,
    });
  }
}
