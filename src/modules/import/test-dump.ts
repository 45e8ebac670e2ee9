/**
 * Test dumps in the shape `manage.py dumpdata` writes them, built from plain objects and written to
 * temporary files, so tests can vary the shape (natural keys or not, order, missing fields).
 */
import { createHash, randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import path from "node:path";

export interface DumpEntry {
  model: string;
  pk?: unknown;
  fields: Record<string, unknown>;
}

export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

export async function writeDump(
  directory: string,
  name: string,
  entries: DumpEntry[],
  indent = 2,
): Promise<string> {
  const file = path.join(directory, name);
  await writeFile(file, JSON.stringify(entries, null, indent));
  return file;
}

export interface World {
  entries: DumpEntry[];
  ids: {
    reporter: string;
    customer: string;
    fixedProgram: string;
    tieredProgram: string;
    fixedAccount: string;
    tieredAccount: string;
    orphanAccount: string;
    inactiveContract: string;
    executions: string[];
    complaint: string;
    apiKey: string;
  };
  /** The raw key the reporter's program sends, as the original issued it (a UUID string). */
  rawKey: string;
  /** A key stored unhashed by the original's double save (its defect 1). */
  rawStoredKey: string;
  reporterCode: string;
}

const T = "2024-03-01T10:00:00Z";

/**
 * A realistic small world: a customer with both addresses, a reporter with an active contract and
 * every role, a second employee whose inactive contract holds an execution-manager role, two
 * programs (fixed price drawing from a named account; tiered drawing from an account known only
 * through the program), an orphan account, executions in all four statuses, a complaint, API keys,
 * and models the importer does not take.
 */
export function buildWorld(options: { naturalKeys: boolean }): World {
  const tag = randomUUID().replace(/-/g, "").slice(0, 5);
  const u = {
    reporter: randomUUID(),
    staff: randomUUID(),
    inactive: randomUUID(),
  };
  const userRef = (id: string, username: string) => (options.naturalKeys ? [username] : id);
  const customer = randomUUID();
  const employees = { reporter: randomUUID(), second: randomUUID() };
  const contracts = { reporter: randomUUID(), inactive: randomUUID() };
  const programs = { base: randomUUID(), fixed: randomUUID(), tiered: randomUUID() };
  const accounts = { fixed: randomUUID(), tiered: randomUUID(), orphan: randomUUID() };
  const customerPrograms = { fixed: randomUUID(), tiered: randomUUID() };
  const address = randomUUID();
  const billing = randomUUID();
  const shipping = randomUUID();
  const rawKey = randomUUID();
  const rawStoredKey = randomUUID();
  const apiKey = randomUUID();
  const executions = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const complaint = randomUUID();
  const reporterCode = `R${tag}`;
  const user = (id: string, username: string, code: string, extra: Record<string, unknown>) => ({
    model: "nadooit_auth.user",
    pk: id,
    fields: {
      password: "none",
      last_login: null,
      is_superuser: false,
      username,
      first_name: "x",
      last_name: "",
      email: "none",
      is_staff: false,
      is_active: true,
      date_joined: T,
      user_code: code,
      display_name: "",
      groups: [],
      user_permissions: [],
      ...extra,
    },
  });
  const money = (field: string, amount: string) => ({ [field]: amount, [`${field}_currency`]: "EUR" });
  const execution = (
    id: string,
    cp: string,
    seconds: number,
    status: string,
    price: string,
    rate: string,
  ) => ({
    model: "nadooit_api_executions_system.customerprogramexecution",
    pk: id,
    fields: {
      program_time_saved_in_seconds: seconds,
      ...money("price_per_second_at_the_time_of_execution", rate),
      ...money("price_for_execution", price),
      customer_program: cp,
      payment_status: status,
      created_at: "2024-03-05T09:30:00Z",
      updated_at: "2024-03-06T09:30:00Z",
    },
  });
  const entries: DumpEntry[] = [
    {
      model: "contenttypes.contenttype",
      fields: { app_label: "nadooit_auth", model: "user" },
    },
    user(u.reporter, `reporter${tag}`, reporterCode, { display_name: "Rita Reporter" }),
    user(u.staff, `staff${tag}`, `S${tag}`, {
      is_staff: true,
      is_superuser: true,
      first_name: "Sam",
      last_name: "Staff",
    }),
    user(u.inactive, `gone${tag}`, `G${tag}`, { is_active: false }),
    {
      model: "mfa.user_keys",
      pk: 1,
      fields: { username: `reporter${tag}`, key_type: "FIDO2", properties: "{}", enabled: true },
    },
    {
      model: "nadooit_crm.address",
      pk: address,
      fields: { street: "Hauptstraße", house_number: "1", town: "Köln", postal_code: "50667", created_at: T },
    },
    {
      model: "nadooit_crm.billingadress",
      pk: billing,
      fields: { adress: address, addressed_to: "Buchhaltung" },
    },
    { model: "nadooit_crm.shippingadress", pk: shipping, fields: { adress: address, addressed_to: null } },
    {
      model: "nadooit_crm.customer",
      pk: customer,
      fields: {
        name: `Acme ${tag}`,
        created_at: T,
        updated_at: T,
        shipping_address: shipping,
        billing_address: billing,
      },
    },
    {
      model: "nadooit_hr.employee",
      pk: employees.reporter,
      fields: { user: userRef(u.reporter, `reporter${tag}`) },
    },
    {
      model: "nadooit_hr.employee",
      pk: employees.second,
      fields: { user: userRef(u.inactive, `gone${tag}`) },
    },
    {
      model: "nadooit_hr.employeecontract",
      pk: contracts.reporter,
      fields: {
        employee: employees.reporter,
        customer,
        start_date: "2024-01-01",
        end_date: null,
        is_active: true,
        deactivation_date: null,
      },
    },
    {
      model: "nadooit_hr.employeecontract",
      pk: contracts.inactive,
      fields: {
        employee: employees.second,
        customer,
        start_date: "2023-01-01",
        is_active: false,
        deactivation_date: "2023-12-31",
      },
    },
    {
      model: "nadooit_hr.employeemanagercontract",
      pk: randomUUID(),
      fields: {
        contract: contracts.reporter,
        can_add_new_employee: true,
        can_delete_employee: false,
        can_give_manager_role: true,
      },
    },
    {
      model: "nadooit_hr.timeaccountmanagercontract",
      pk: randomUUID(),
      fields: { contract: contracts.reporter, can_create_time_accounts: true },
    },
    {
      model: "nadooit_hr.customerprogrammanagercontract",
      pk: randomUUID(),
      fields: { contract: contracts.reporter, can_delete_customer_program: true },
    },
    {
      model: "nadooit_hr.customerprogramexecutionmanagercontract",
      pk: randomUUID(),
      fields: {
        contract: contracts.reporter,
        can_create_customer_program_execution: true,
        can_give_manager_role: true,
      },
    },
    {
      model: "nadooit_hr.customerprogramexecutionmanagercontract",
      pk: randomUUID(),
      fields: { contract: contracts.inactive, can_delete_customer_program_execution: true },
    },
    {
      model: "nadooit_hr.customermanagercontract",
      pk: randomUUID(),
      fields: { contract: contracts.reporter },
    },
    {
      model: "nadooit_api_key.nadooitapikeymanager",
      pk: employees.reporter,
      fields: {
        can_create_api_key: false,
        can_delete_api_key: true,
        can_give_manager_role: false,
        list_of_customers_the_manager_is_responsible_for: [customer],
        list_of_employees_the_manager_has_given_the_role_to: [],
      },
    },
    {
      model: "nadooit_key.keymanager",
      pk: 1,
      fields: {
        user: employees.reporter,
        can_create_keys: true,
        key_managers_assigened_by_this_key_manager: [],
      },
    },
    {
      model: "nadooit_program.program",
      pk: programs.base,
      fields: { name: "Basis", description: "Shared base", program_dependencies: "", created_at: T },
    },
    {
      model: "nadooit_program.program",
      pk: programs.fixed,
      fields: {
        name: "Rechnungsbot",
        description: "Reads invoices",
        program_dependencies: "basis, Something Else",
      },
    },
    {
      model: "nadooit_program.program",
      pk: programs.tiered,
      fields: { name: "Mailbot", description: "Sorts mail" },
    },
    {
      model: "nadooit_time_account.timeaccount",
      pk: accounts.fixed,
      fields: { time_balance_in_seconds: 100, name: null, is_active: true },
    },
    {
      model: "nadooit_time_account.timeaccount",
      pk: accounts.tiered,
      fields: { time_balance_in_seconds: 7200, name: "Mail" },
    },
    {
      model: "nadooit_time_account.timeaccount",
      pk: accounts.orphan,
      fields: { time_balance_in_seconds: 50 },
    },
    {
      model: "nadooit_time_account.customertimeaccount",
      pk: randomUUID(),
      fields: { customer, time_account: accounts.fixed, name: "Rechnungen 2024" },
    },
    {
      model: "nadooit_time_account.employeetimeaccount",
      pk: randomUUID(),
      fields: { time_account: accounts.orphan, employee: employees.reporter, customer },
    },
    {
      model: "nadooit_program_ownership_system.customerprogram",
      pk: customerPrograms.fixed,
      fields: {
        program_time_saved_per_execution_in_seconds: 60,
        time_account: accounts.fixed,
        over_charge: false,
        program: programs.fixed,
        customer,
        ...money("price_per_second", "0.010000"),
        is_active: true,
        fixed_price_per_second: true,
      },
    },
    {
      model: "nadooit_program_ownership_system.customerprogram",
      pk: customerPrograms.tiered,
      fields: {
        program_time_saved_per_execution_in_seconds: 300,
        time_account: accounts.tiered,
        program: programs.tiered,
        customer,
        ...money("price_per_second", "0.063889"),
        fixed_price_per_second: false,
      },
    },
    {
      model: "nadooit_api_key.nadooitapikey",
      pk: apiKey,
      fields: {
        user: userRef(u.reporter, `reporter${tag}`),
        api_key: sha256(rawKey),
        is_active: true,
        created_at: T,
      },
    },
    {
      model: "nadooit_api_key.nadooitapikey",
      pk: randomUUID(),
      fields: { user: userRef(u.reporter, `reporter${tag}`), api_key: rawStoredKey, is_active: true },
    },
    {
      model: "nadooit_api_key.nadooitapikey",
      pk: randomUUID(),
      fields: {
        user: userRef(u.inactive, `gone${tag}`),
        api_key: sha256(randomUUID()),
        is_active: false,
        updated_at: T,
      },
    },
    execution(executions[0] as string, customerPrograms.fixed, 60, "NOT_PAID", "0.600000", "0.010000"),
    execution(executions[1] as string, customerPrograms.fixed, 120, "PAID", "0.000000", "0.010000"),
    execution(executions[2] as string, customerPrograms.tiered, 3600, "NOT_PAID", "230.000000", "0.063889"),
    execution(executions[3] as string, customerPrograms.tiered, 300, "REVOKED", "19.166700", "0.063889"),
    execution(executions[4] as string, customerPrograms.tiered, 200, "REFUNDED", "0.000000", "0.063889"),
    {
      model: "nadoo_complaint_management.complaint",
      pk: complaint,
      fields: {
        customer_program_execution: executions[3],
        complaint: "Lief doppelt",
        customer_program_execution_manager: employees.reporter,
        status: "CLOSED",
        created_at: "2024-03-07T08:00:00Z",
        updated_at: "2024-03-08T08:00:00Z",
      },
    },
    { model: "nadooit_website.section", pk: randomUUID(), fields: { section_name: "Hero" } },
    { model: "nadooit_website.section", pk: randomUUID(), fields: { section_name: "Footer" } },
  ];
  return {
    entries,
    ids: {
      reporter: u.reporter,
      customer,
      fixedProgram: customerPrograms.fixed,
      tieredProgram: customerPrograms.tiered,
      fixedAccount: accounts.fixed,
      tieredAccount: accounts.tiered,
      orphanAccount: accounts.orphan,
      inactiveContract: contracts.inactive,
      executions,
      complaint,
      apiKey,
    },
    rawKey,
    rawStoredKey,
    reporterCode,
  };
}
