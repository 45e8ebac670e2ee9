/**
 * Reklamationen (SPEC §8): the customer's complaints, newest first, filtered by status (in the URL),
 * paged ("Mehr laden"). Each leads to its thread.
 */
import { Stack } from "@mantine/core";
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { useCustomer } from "../../app/customer";
import { PageHeader } from "../../components/PageHeader";
import { isLanguage } from "../../i18n";
import type { Language } from "../../lib/format";
import { ComplaintsCard } from "./ComplaintsTable";
import { customerComplaintsKey, PAGE_SIZE } from "./model";
import { StatusFilter, statusFromQuery } from "./StatusFilter";

export default function ComplaintsPage() {
  const { t, i18n } = useTranslation("complaints");
  const language: Language = isLanguage(i18n.language) ? i18n.language : "de";
  const customer = useCustomer();
  const [searchParams, setSearchParams] = useSearchParams();
  const status = statusFromQuery(searchParams.get("status"), null);

  const list = useInfiniteQuery({
    queryKey: customerComplaintsKey(customer.id, status),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/os/customers/{customerId}/complaints", {
          params: {
            path: { customerId: customer.id },
            query: {
              limit: PAGE_SIZE,
              ...(status ? { status } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <Stack gap="md">
        <StatusFilter
          value={status}
          onChange={(next) => setSearchParams(next ? { status: next } : {}, { replace: true })}
        />
        <ComplaintsCard
          list={list}
          empty={status ? t("table.emptyStatus") : t("table.empty")}
          language={language}
          linkTo={(complaint) => `/c/${customer.id}/complaints/${complaint.id}`}
        />
      </Stack>
    </>
  );
}
