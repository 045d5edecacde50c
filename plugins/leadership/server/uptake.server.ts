import type { TFunction } from "i18next";
import { uptake } from "../../../app/services/cohort-report.server";
import { PLUGIN_ID } from "../programme";

/** The programme's take-up rows with role names in the reader's language. */
export async function uptakeRows(t: TFunction) {
  return (await uptake(PLUGIN_ID)).map((r) => ({ locality: r.locality, role: t(`roleCategory.${r.role_category}`), placed: Number(r.placed), completed: Number(r.completed), waiting: Number(r.waiting), requested: Number(r.requested) }));
}
