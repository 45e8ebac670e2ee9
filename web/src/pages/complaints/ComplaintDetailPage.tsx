/**
 * One complaint in NADOO OS: its text, the execution it is about (with its payment status now) and
 * the thread with NADOO, where the customer adds comments.
 */
import { Anchor, Stack } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useParams } from "react-router";
import { useCustomer } from "../../app/customer";
import { PageHeader } from "../../components/PageHeader";
import { QueryState } from "../../components/QueryState";
import { isLanguage } from "../../i18n";
import type { Language } from "../../lib/format";
import { ComplaintFacts, ComplaintThread, useComplaint } from "./ComplaintView";

export default function ComplaintDetailPage() {
  const { t, i18n } = useTranslation("complaints");
  const language: Language = isLanguage(i18n.language) ? i18n.language : "de";
  const customer = useCustomer();
  const { complaintId = "" } = useParams();
  const complaint = useComplaint(complaintId);
  return (
    <>
      <Anchor component={Link} to={`/c/${customer.id}/complaints`} size="sm" mb="xs" display="inline-block">
        {t("detail.back")}
      </Anchor>
      <PageHeader title={t("detail.title")} />
      <QueryState query={complaint}>
        {(data) =>
          // A complaint of another customer opens under that customer (its menu, its roles).
          data.customerId !== customer.id ? (
            <Navigate to={`/c/${data.customerId}/complaints/${data.id}`} replace />
          ) : (
            <Stack gap="md" maw={880}>
              <ComplaintFacts complaint={data} language={language} />
              <ComplaintThread complaint={data} language={language} />
            </Stack>
          )
        }
      </QueryState>
    </>
  );
}
