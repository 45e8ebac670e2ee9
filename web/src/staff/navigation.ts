/** The staff console's menu (every item is open to staff and superusers; the server checks anyway). */
export interface StaffNavItem {
  /** Below /staff/. */
  path: string;
  /** In the `staff` namespace. */
  labelKey: string;
}

export const STAFF_NAVIGATION: readonly StaffNavItem[] = [
  { path: "complaints", labelKey: "nav.complaints" },
  { path: "customers", labelKey: "nav.customers" },
  { path: "users", labelKey: "nav.users" },
  { path: "programs", labelKey: "nav.programs" },
  { path: "customer-programs", labelKey: "nav.customerPrograms" },
  { path: "time-accounts", labelKey: "nav.timeAccounts" },
  { path: "executions", labelKey: "nav.executions" },
  { path: "statements", labelKey: "nav.statements" },
  { path: "audit", labelKey: "nav.audit" },
];
