import { Badge, Button, Collapse, Group, Table } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useTranslation } from "react-i18next";
import { formatMoney, type Language } from "../../lib/format";
import { type CustomerProgram, formatHours } from "./pricing";

/** The tier table behind a toggle; the tier that applies now is marked. */
export function TierTable({
  program,
  current,
  language,
}: {
  program: CustomerProgram;
  current: number;
  language: Language;
}) {
  const { t } = useTranslation("programs");
  const [opened, { toggle }] = useDisclosure(false);
  const tableId = `tiers-${program.id}`;
  return (
    <div>
      <Button
        variant="light"
        size="sm"
        onClick={toggle}
        aria-expanded={opened}
        aria-controls={tableId}
        data-testid="toggle-tiers"
      >
        {opened ? t("tiers.hide") : t("tiers.show", { total: program.tiers.length })}
      </Button>
      <Collapse expanded={opened} id={tableId} keepMounted={false}>
        <Table.ScrollContainer minWidth={280} mt="xs">
          <Table
            striped
            withTableBorder
            horizontalSpacing="xs"
            data-testid="tier-table"
            style={{ whiteSpace: "nowrap" }}
          >
            <Table.Caption style={{ whiteSpace: "normal" }}>
              {program.defaultTiers ? t("tiers.defaultTable") : t("tiers.ownTable")}
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t("tiers.from")}</Table.Th>
                <Table.Th scope="col">{t("tiers.pricePerHour")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {program.tiers.map((tier, index) => (
                <Table.Tr
                  key={tier.fromHours}
                  fw={index === current ? 700 : undefined}
                  aria-current={index === current ? "true" : undefined}
                >
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      {t("hours", { hours: formatHours(tier.fromHours, language) })}
                      {index === current && (
                        <Badge size="xs" variant="light">
                          {t("tiers.current")}
                        </Badge>
                      )}
                      {index === current + 1 && (
                        <Badge size="xs" variant="outline" color="gray">
                          {t("tiers.next")}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    {t("perHour", { price: formatMoney(tier.pricePerHour, program.currency, language) })}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Collapse>
    </div>
  );
}
