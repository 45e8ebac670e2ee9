// PLACEHOLDER: replaced by the page's implementation.
import { PageHeader } from "../../components/PageHeader";

export default function EmployeesPage() {
  return <PageHeader title="EmployeesPage" />;
}
