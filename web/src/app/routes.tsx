/**
 * The pages of NADOO OS under /os/. Every page is its own chunk, loaded when it is opened; the
 * pages of one customer live below /os/c/<customer id>/ and are guarded by the same rules that
 * build the menu.
 */
import { useQuery } from "@tanstack/react-query";
import type { ComponentType } from "react";
import {
  createBrowserRouter,
  Navigate,
  Outlet,
  type RouteObject,
  useLocation,
  useParams,
} from "react-router";
import { api, unwrap } from "../api/client";
import { ErrorAlert, Loading } from "../components/QueryState";
import { createStaffRouter } from "../staff/routes";
import { CustomerContext, Holdings, rememberCustomer, rememberedCustomer } from "./customer";
import { NoAccess, NoRoles, NotFound } from "./NoAccess";
import { mayOpen, type PageKey } from "./navigation";
import { RouteError } from "./RouteError";
import { Shell } from "./Shell";
import { useMyRoles, useSession } from "./session";

type PageModule = { default: ComponentType };

const page = (load: () => Promise<PageModule>) => async () => ({ Component: (await load()).default });

function RequireSession() {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <Loading />;
  if (!session.data) {
    const next = encodeURIComponent(`/os${location.pathname}${location.search}`);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  return <Outlet />;
}

/** /os/ leads to the last customer used on this device, else the first; without roles, a notice. */
function Home() {
  const roles = useMyRoles();
  if (roles.isPending) return <Loading />;
  if (roles.error) return <ErrorAlert error={roles.error} />;
  const customers = roles.data?.customers ?? [];
  if (customers.length === 0) return <NoRoles staff={roles.data?.staff} />;
  const remembered = rememberedCustomer();
  const target = customers.find((entry) => entry.customerId === remembered) ?? customers[0];
  return <Navigate to={`/c/${target?.customerId}`} replace />;
}

function CustomerLayout() {
  const { customerId } = useParams();
  const roles = useMyRoles();
  if (roles.isPending) return <Loading />;
  if (roles.error) return <ErrorAlert error={roles.error} />;
  const entry = roles.data?.customers.find((candidate) => candidate.customerId === customerId);
  if (!entry)
    return roles.data?.staff && customerId ? <StaffCustomerLayout customerId={customerId} /> : <NoAccess />;
  rememberCustomer(entry.customerId);
  const scope = {
    id: entry.customerId,
    name: entry.customer.name,
    holdings: new Holdings(entry.roles, roles.data?.staff ?? false),
  };
  return (
    <CustomerContext.Provider value={scope}>
      {/* A new customer is a new page: no state, and no data shown while loading, of the last one. */}
      <Outlet key={entry.customerId} />
    </CustomerContext.Provider>
  );
}

/**
 * Staff may work in NADOO OS for any customer (the staff console links here for employees and roles),
 * also without a contract of their own: the customer's name comes from its master data.
 */
function StaffCustomerLayout({ customerId }: { customerId: string }) {
  const customer = useQuery({
    queryKey: ["customer", customerId],
    queryFn: () => unwrap(api.GET("/api/os/customers/{customerId}", { params: { path: { customerId } } })),
  });
  if (customer.isPending) return <Loading />;
  if (customer.error) return <ErrorAlert error={customer.error} />;
  const scope = { id: customerId, name: customer.data.name, holdings: new Holdings([], true) };
  return (
    <CustomerContext.Provider value={scope}>
      <Outlet key={customerId} />
    </CustomerContext.Provider>
  );
}

function Guard({ page: key, children }: { page: PageKey; children: ComponentType }) {
  const { customerId } = useParams();
  const roles = useMyRoles();
  const entry = roles.data?.customers.find((candidate) => candidate.customerId === customerId);
  const holdings = new Holdings(entry?.roles ?? [], roles.data?.staff ?? false);
  if (!mayOpen(key, holdings)) return <NoAccess />;
  const Page = children;
  return <Page />;
}

function guarded(key: PageKey, load: () => Promise<PageModule>): Pick<RouteObject, "lazy"> {
  return {
    lazy: async () => {
      const Component = (await load()).default;
      return { Component: () => <Guard page={key}>{Component}</Guard> };
    },
  };
}

export const routes: RouteObject[] = [
  {
    errorElement: <RouteError />,
    children: [
      { path: "/login", lazy: page(() => import("../pages/auth/LoginPage")) },
      { path: "/enrol/:token", lazy: page(() => import("../pages/auth/EnrolPage")) },
      {
        element: <RequireSession />,
        children: [
          {
            element: <Shell />,
            children: [
              { index: true, element: <Home /> },
              { path: "profile", lazy: page(() => import("../pages/profile/ProfilePage")) },
              {
                path: "c/:customerId",
                element: <CustomerLayout />,
                children: [
                  { index: true, ...guarded("dashboard", () => import("../pages/dashboard/DashboardPage")) },
                  {
                    path: "executions",
                    ...guarded("executions", () => import("../pages/executions/ExecutionsPage")),
                  },
                  {
                    path: "time-accounts",
                    ...guarded("timeAccounts", () => import("../pages/time-accounts/TimeAccountsPage")),
                  },
                  {
                    path: "programs",
                    ...guarded("programs", () => import("../pages/programs/ProgramsPage")),
                  },
                  {
                    path: "employees",
                    ...guarded("employees", () => import("../pages/employees/EmployeesPage")),
                  },
                  { path: "api-keys", ...guarded("apiKeys", () => import("../pages/api-keys/ApiKeysPage")) },
                  { path: "roles", ...guarded("roles", () => import("../pages/roles/RolesPage")) },
                  {
                    path: "customer",
                    ...guarded("customer", () => import("../pages/customer/CustomerPage")),
                  },
                  {
                    path: "complaints",
                    ...guarded("complaints", () => import("../pages/complaints/ComplaintsPage")),
                  },
                  {
                    path: "complaints/:complaintId",
                    ...guarded("complaints", () => import("../pages/complaints/ComplaintDetailPage")),
                  },
                ],
              },
              { path: "*", element: <NotFound /> },
            ],
          },
        ],
      },
    ],
  },
];

/** NADOO OS under /os/, or the staff console (its own router) under /staff/. */
export function createRouter() {
  if (window.location.pathname === "/staff" || window.location.pathname.startsWith("/staff/")) {
    return createStaffRouter();
  }
  return createBrowserRouter(routes, { basename: "/os" });
}
