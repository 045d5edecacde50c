// What the caseload pages share in their loaders: the week asked for (the latest by default; an unknown
// one is 404), its check, the weeks to choose from, and the links the viewer may follow.
import type { Viewer } from "../../../sdk";
import { formatDate } from "../../../../app/utils/dates";
import { notFound } from "../../../../app/utils/http.server";
import { askedPage } from "../../../../app/utils/paging.server";
import { can } from "../../../../app/utils/permissions.server";
import { TREND_WEEKS } from "../constants";
import { formatAverage, formatLimit, limitAsShown } from "../format";
import { checkForWeek, importedWeeks } from "./check.server";
import { caseloadSettings } from "./settings.server";
import { parseWeekParam } from "./weeks";
import type { TFunction } from "i18next";

export async function selectedWeek(url: URL, locale: string, t: TFunction) {
  const settings = await caseloadSettings();
  const weeks = await importedWeeks(TREND_WEEKS);
  const asked = url.searchParams.get("week");
  const week = asked === null || asked === "" ? weeks[0] : parseWeekParam(asked);
  if (asked && !week) notFound();
  if (!week) return { settings, check: null, weekOptions: [] };
  const check = await checkForWeek(settings, week);
  if (check.asyePeople === 0 && check.experiencedPeople === 0 && asked) notFound();
  const weekOptions = weeks.map((w) => ({ value: w, label: t("asye:caseload.weekOption", { date: formatDate(w, locale) }) }));
  // An older week reached by its address is shown even though the list offers only the recent ones.
  if (!weeks.includes(week)) weekOptions.push({ value: week, label: t("asye:caseload.weekOption", { date: formatDate(week, locale) }) });
  return { settings, check, weekOptions };
}

/** The week's figures as the page prints them. */
export function checkView(check: NonNullable<Awaited<ReturnType<typeof selectedWeek>>["check"]>, locale: string) {
  return {
    weekOf: check.weekOf,
    weekLabel: formatDate(check.weekOf, locale),
    experiencedAverage: formatAverage(check.experiencedAverage, locale),
    experiencedPeople: check.experiencedPeople,
    asyeAverage: formatAverage(check.asyeAverage, locale),
    asyePeople: check.asyePeople,
    limit: formatLimit(check.limit, locale),
    /** The limit as printed, as a number: what "case" or "cases" agrees with. */
    limitCount: limitAsShown(check.limit),
    sharePercent: check.sharePercent,
    asyeOverLine: check.asyeOverLine,
    hasLimit: check.limit !== null,
  };
}

/** The page of the workers' list asked for. */
export const pageNumber = (url: URL) => askedPage(url.searchParams);

export function caseloadPermissions(viewer: Viewer) {
  return { canImport: can(viewer, "people.import"), canChangeSettings: can(viewer, "cohorts.manage") };
}
