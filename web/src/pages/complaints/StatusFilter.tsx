/** The status filter of the complaint lists: all, the unresolved ones, or one status. */
import { Select } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { COMPLAINT_STATUSES, isStatusChoice, type StatusChoice } from "./model";

const ALL = "all";

/** The status of the URL's `status` parameter: `all` or a missing one is no filter. */
export function statusFromQuery(value: string | null, fallback: StatusChoice | null): StatusChoice | null {
  if (value === ALL) return null;
  return isStatusChoice(value) ? value : fallback;
}

export function StatusFilter({
  value,
  onChange,
}: {
  value: StatusChoice | null;
  onChange: (status: StatusChoice | null) => void;
}) {
  const { t } = useTranslation("complaints");
  return (
    <Select
      label={t("filter.status")}
      data={[
        { value: ALL, label: t("filter.all") },
        { value: "unresolved", label: t("filter.unresolved") },
        ...COMPLAINT_STATUSES.map((status) => ({ value: status, label: t(`statuses.${status}`) })),
      ]}
      value={value ?? ALL}
      onChange={(next) => onChange(isStatusChoice(next) ? next : null)}
      allowDeselect={false}
      w={{ base: "100%", xs: 220 }}
      data-testid="status-filter"
    />
  );
}

export { ALL as ALL_STATUSES };
