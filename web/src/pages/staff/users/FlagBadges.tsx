import { Badge, Group } from "@mantine/core";
import { useTranslation } from "react-i18next";

/** "Administrator", "NADOO-Team" (staff member), "Deaktiviert" as badges. */
export function FlagBadges({
  user,
}: {
  user: { isStaff: boolean; isSuperuser: boolean; isActive: boolean };
}) {
  const { t } = useTranslation("staffUsers");
  return (
    <Group gap={4} wrap="wrap">
      {user.isSuperuser && (
        <Badge color="grape" variant="light">
          {t("flags.superuser")}
        </Badge>
      )}
      {user.isStaff && (
        <Badge color="blue" variant="light">
          {t("flags.staffBadge")}
        </Badge>
      )}
      {!user.isActive && (
        <Badge color="gray" variant="light">
          {t("flags.inactive")}
        </Badge>
      )}
    </Group>
  );
}
