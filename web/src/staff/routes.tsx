/**
 * The staff console under /staff/ (SPEC §10): a second router of the same web app, for staff and
 * superusers only. Signing in happens in NADOO OS (/os/login), which comes back here afterwards.
 */

import { Alert } from "@mantine/core";
import type { ComponentType } from "react";
import { useTranslation } from "react-i18next";
import { createBrowserRouter, Navigate, Outlet, type RouteObject, useLocation } from "react-router";
import { RouteError } from "../app/RouteError";
import { useSession } from "../app/session";
import { Loading } from "../components/QueryState";
import { StaffShell } from "./StaffShell";

type PageModule = { default: ComponentType };

const page = (load: () => Promise<PageModule>) => async () => ({ Component: (await load()).default });

function StaffOnly() {
  const { t } = useTranslation("staff");
  return (
    <Alert color="yellow" title={t("staffOnly.title")} role="alert" maw={640} m="md">
      {t("staffOnly.text")} <a href="/os/">{t("staffOnly.os")}</a>
    </Alert>
  );
}

function RequireStaff() {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <Loading />;
  if (!session.data) {
    const next = encodeURIComponent(`/staff${location.pathname}${location.search}`);
    window.location.replace(`/os/login?next=${next}`);
    return <Loading />;
  }
  const { user } = session.data;
  if (!user.isStaff && !user.isSuperuser) return <StaffOnly />;
  return <Outlet />;
}

function StaffNotFound() {
  const { t } = useTranslation("staff");
  return (
    <Alert color="gray" title={t("notFound.title")} maw={640}>
      {t("notFound.text")}
    </Alert>
  );
}

export const staffRoutes: RouteObject[] = [
  {
    errorElement: <RouteError />,
    element: <RequireStaff />,
    children: [
      {
        element: <StaffShell />,
        children: [
          { index: true, element: <Navigate to="/complaints" replace /> },
          { path: "complaints", lazy: page(() => import("../pages/staff/complaints/ComplaintsPage")) },
          {
            path: "complaints/:complaintId",
            lazy: page(() => import("../pages/staff/complaints/ComplaintDetailPage")),
          },
          { path: "customers", lazy: page(() => import("../pages/staff/customers/CustomersPage")) },
          {
            path: "customers/:customerId",
            lazy: page(() => import("../pages/staff/customers/CustomerDetailPage")),
          },
          { path: "users", lazy: page(() => import("../pages/staff/users/UsersPage")) },
          { path: "users/:userId", lazy: page(() => import("../pages/staff/users/UserDetailPage")) },
          { path: "programs", lazy: page(() => import("../pages/staff/programs/ProgramsPage")) },
          {
            path: "customer-programs",
            lazy: page(() => import("../pages/staff/customer-programs/CustomerProgramsPage")),
          },
          {
            path: "time-accounts",
            lazy: page(() => import("../pages/staff/time-accounts/TimeAccountsPage")),
          },
          { path: "executions", lazy: page(() => import("../pages/staff/executions/ExecutionsPage")) },
          { path: "statements", lazy: page(() => import("../pages/staff/statements/StatementsPage")) },
          { path: "audit", lazy: page(() => import("../pages/staff/audit/AuditPage")) },
          { path: "*", element: <StaffNotFound /> },
        ],
      },
    ],
  },
];

export function createStaffRouter() {
  return createBrowserRouter(staffRoutes, { basename: "/staff" });
}
