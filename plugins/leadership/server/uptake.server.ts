import type { TFunction } from "i18next";
import { uptake, uptakeRowCount } from "../../../app/services/cohort-report.server";
import { pageWindow } from "../../../app/utils/paging.server";
import { PLUGIN_ID } from "../programme";

/** Take-up rows shown a page at a time: a locality and role each, some three hundred at national scale. */
export const UPTAKE_PAGE_SIZE = 25;

type UptakeRow = Awaited<ReturnType<typeof uptake>>[number];

/** A take-up row with its role named in the reader's language. */
const inWords = (t: TFunction) => (r: UptakeRow) => ({ locality: r.locality, role: t(`roleCategory.${r.role_category}`), placed: Number(r.placed), completed: Number(r.completed), waiting: Number(r.waiting), requested: Number(r.requested) });

/** Every take-up row, for the download. */
export async function uptakeRows(t: TFunction) {
  return (await uptake(PLUGIN_ID)).map(inWords(t));
}

/** One page of the take-up rows, with how many there are (a page past the end shows the last). */
export async function uptakePage(t: TFunction, page: number) {
  const total = await uptakeRowCount(PLUGIN_ID);
  const shown = pageWindow(total, page, UPTAKE_PAGE_SIZE);
  const rows = await uptake(PLUGIN_ID, shown);
  return { rows: rows.map(inWords(t)), total, page: shown.page, pageCount: shown.pageCount };
}
