import { useTranslation } from "react-i18next";
import { Tag } from "./Tag";

const COLOUR = { awaiting_manager: "blue", awaiting_panel: "light-blue", not_supported: "orange", approved: "green", declined: "red", withdrawn: "grey" } as const;

export type ProgressionStatus = keyof typeof COLOUR;

/** Where a progression request stands, in words and colour. */
export function ProgressionStatusTag({ status }: { status: ProgressionStatus }) {
  const { t } = useTranslation();
  return <Tag colour={COLOUR[status]}>{t(`progression.status.${status}`)}</Tag>;
}
