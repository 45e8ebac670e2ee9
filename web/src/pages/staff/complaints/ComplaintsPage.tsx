/**
 * The staff complaints queue (SPEC §8, §10): every customer's complaints, newest first, filtered by
 * status (default: open and in progress, the work waiting) and customer, both in the URL so the
 * way back from a complaint keeps them.
 */
import { Group, Stack } from "@mantine/core";
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { api, unwrap } from "../../../api/client";
import { PageHeader } from "../../../components/PageHeader";
import { isLanguage } from "../../../i18n";
import type { Language } from "../../../lib/format";
import { CustomerPicker } from "../../../staff/CustomerPicker";
import { ComplaintsCard } from "../../complaints/ComplaintsTable";
import { PAGE_SIZE, staffComplaintsKey } from "../../complaints/model";
import { ALL_STATUSES, StatusFilter, statusFromQuery } from "../../complaints/StatusFilter";

export default function ComplaintsPage() {
  const { t, i18n } = useTranslation("staffComplaints");
  const { t: complaintsText } = useTranslation("complaints");
  const language: Language = isLanguage(i18n.language) ? i18n.language : "de";
  const [searchParams, setSearchParams] = useSearchParams();
  const status = statusFromQuery(searchParams.get("status"), "unresolved");
  const customerId = searchParams.get("customerId");

  const update = (changes: Record<string, string | null>) =>
    setSearchParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null) next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: true },
    );

  const list = useInfiniteQuery({
    queryKey: staffComplaintsKey(status, customerId),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/staff/complaints", {
          params: {
            query: {
              limit: PAGE_SIZE,
              ...(status ? { status } : {}),
              ...(customerId ? { customerId } : {}),
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
        <Group align="flex-end" gap="md" wrap="wrap">
          <StatusFilter value={status} onChange={(next) => update({ status: next ?? ALL_STATUSES })} />
          <CustomerPicker
            value={customerId}
            onChange={(customer) => update({ customerId: customer?.id ?? null })}
            w={{ base: "100%", xs: 300 }}
          />
        </Group>
        <ComplaintsCard
          list={list}
          empty={status || customerId ? complaintsText("table.emptyStatus") : t("empty")}
          language={language}
          linkTo={(complaint) => `/complaints/${complaint.id}`}
          staff
        />
      </Stack>
    </>
  );
}
