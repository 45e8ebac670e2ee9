/** The status filter of the complaint lists: all or one status (the API filters one at a time). */
import { Select } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { COMPLAINT_STATUSES, type ComplaintStatus, isComplaintStatus } from "./model";

const ALL = "all";

/** The status of the URL's `status` parameter: `all` or a missing one is no filter. */
export function statusFromQuery(
  value: string | null,
  fallback: ComplaintStatus | null,
): ComplaintStatus | null {
  if (value === ALL) return null;
  return isComplaintStatus(value) ? value : fallback;
}

export function StatusFilter({
  value,
  onChange,
}: {
  value: ComplaintStatus | null;
  onChange: (status: ComplaintStatus | null) => void;
}) {
  const { t } = useTranslation("complaints");
  return (
    <Select
      label={t("filter.status")}
      data={[
        { value: ALL, label: t("filter.all") },
        ...COMPLAINT_STATUSES.map((status) => ({ value: status, label: t(`statuses.${status}`) })),
      ]}
      value={value ?? ALL}
      onChange={(next) => onChange(isComplaintStatus(next) ? next : null)}
      allowDeselect={false}
      w={{ base: "100%", xs: 220 }}
      data-testid="status-filter"
    />
  );
}

export { ALL as ALL_STATUSES };
