import { useTranslation } from "react-i18next";
import { PageHeader } from "../../../components/PageHeader";

/** Placeholder: one user */
export default function UserDetailPage() {
  const { t } = useTranslation("staffUsers");
  return <PageHeader title={t("title")} />;
}
