/**
 * Picks a customer for staff pages: a searchable select over GET /api/staff/customers (searched on
 * the server by name or customer number, so it works for any number of customers).
 */
import { Select, type SelectProps } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../api/client";

export interface PickedCustomer {
  id: string;
  name: string;
}

function labelOf(customer: { name: string; customerNumber: string | null }): string {
  return customer.customerNumber ? `${customer.name} (${customer.customerNumber})` : customer.name;
}

export function CustomerPicker({
  value,
  onChange,
  label,
  ...props
}: {
  value: string | null;
  onChange: (customer: PickedCustomer | null) => void;
  label?: string;
} & Omit<SelectProps, "value" | "onChange" | "data" | "label">) {
  const { t } = useTranslation("staff");
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [picked, setPicked] = useState<PickedCustomer | null>(null);
  // A customer chosen before (e.g. `?customerId=` in the address) may be outside the results.
  const chosen = useQuery({
    queryKey: ["staff", "customers", "picker", "chosen", value],
    queryFn: () =>
      unwrap(api.GET("/api/staff/customers/{customerId}", { params: { path: { customerId: value ?? "" } } })),
    enabled: value !== null && picked?.id !== value,
  });
  const chosenLabel = !value
    ? null
    : picked?.id === value
      ? picked.name
      : chosen.data
        ? labelOf(chosen.data)
        : null;
  // The Select writes the chosen customer's label into the search box: that is no search, and
  // opening the picker again offers every customer, not just the chosen one.
  const term = chosenLabel !== null && debounced === chosenLabel.trim() ? "" : debounced;
  const customers = useQuery({
    queryKey: ["staff", "customers", "picker", term],
    queryFn: () => unwrap(api.GET("/api/staff/customers", { params: { query: { q: term, limit: 50 } } })),
    placeholderData: keepPreviousData,
  });
  const options = (customers.data?.items ?? []).map((customer) => ({
    value: customer.id,
    label: labelOf(customer),
  }));
  // The chosen customer stays selectable while a search shows others.
  if (value && chosenLabel && !options.some((option) => option.value === value)) {
    options.unshift({ value, label: chosenLabel });
  }
  return (
    <Select
      label={label ?? t("customerPicker.label")}
      placeholder={t("customerPicker.placeholder")}
      nothingFoundMessage={t("customerPicker.nothingFound")}
      searchable
      clearable
      filter={({ options: all }) => all}
      searchValue={search}
      onSearchChange={setSearch}
      data={options}
      value={value}
      onChange={(id, option) => {
        const next = id ? { id, name: option.label } : null;
        setPicked(next);
        onChange(next);
      }}
      data-testid="customer-picker"
      {...props}
    />
  );
}
