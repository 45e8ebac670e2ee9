/**
 * The customer selected in the URL (`/os/c/<id>/…`) and the roles held for it, for every page below.
 */
import { createContext, useContext } from "react";
import { Holdings } from "./navigation";

export interface CustomerScope {
  id: string;
  name: string;
  holdings: Holdings;
}

export const CustomerContext = createContext<CustomerScope | null>(null);

export function useCustomer(): CustomerScope {
  const scope = useContext(CustomerContext);
  if (!scope) throw new Error("useCustomer() is only available below /os/c/:customerId");
  return scope;
}

const LAST_CUSTOMER_KEY = "nadoo.customer";

export function rememberCustomer(id: string): void {
  localStorage.setItem(LAST_CUSTOMER_KEY, id);
}

export function rememberedCustomer(): string | null {
  return localStorage.getItem(LAST_CUSTOMER_KEY);
}

export { Holdings };
