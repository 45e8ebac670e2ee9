import { useTranslation } from "react-i18next";
import { PageHeader } from "../../../components/PageHeader";

/** Placeholder: users list and create */
export default function UsersPage() {
  const { t } = useTranslation("staffUsers");
  return <PageHeader title={t("title")} />;
}
