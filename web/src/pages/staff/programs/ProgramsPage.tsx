import { useTranslation } from "react-i18next";
import { PageHeader } from "../../../components/PageHeader";

/** Placeholder: program catalogue and dependencies */
export default function ProgramsPage() {
  const { t } = useTranslation("staffPrograms");
  return <PageHeader title={t("title")} />;
}
