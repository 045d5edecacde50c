// A form's list of briefings to choose from, when it lists only the first of them (`BRIEFINGS_OFFERED`): a
// search for the others and a word beside the list saying so. Shared by the forms that offer briefings (a
// session's, a rollout's, a learning action's), not kept in one route for another to import.
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "../../../app/components/Button";
import { Field } from "../../../app/components/Field";
import { formatNumber } from "../../../app/utils/number-format";
import { PLUGIN_ID } from "../programme";

/** What a list of briefings to choose from holds: every kind (a rollout's), or those delivered in a session. */
export type BriefingsOf = "briefings" | "sessionBriefings";

/**
 * A search for a briefing by words in its title, above a form that lists only the first of them
 * (`BRIEFINGS_OFFERED`): shown when there are more than it lists, or a search is made. A GET form of its
 * own, so it works without JavaScript; the briefing a link named stays chosen. On a page with searches of
 * its own, `name` is the search's parameter (and field id) and `keep` the others' parameters, carried on.
 */
export function BriefingSearch({ listed, total, find, chosen, what, name = "find", keep = {} }: { listed: number; total: number; find: string; chosen: string; what: BriefingsOf; name?: string; keep?: Record<string, string> }) {
  const { t } = useTranslation(PLUGIN_ID);
  if (total <= listed && !find) return null;
  return (
    <Form method="get" id="briefing-search" role="search" aria-label={t(`briefingChoices.search.${what}`)}>
      {Object.entries(keep).map(([k, value]) => (value ? <input key={k} type="hidden" name={k} value={value} /> : null))}
      {chosen ? <input type="hidden" name="briefing" value={chosen} /> : null}
      <Field id={name} name={name} type="search" label={t(`briefingChoices.search.${what}`)} hint={t("briefingChoices.searchHint")} defaultValue={find} />
      <Button variant="secondary">{t("briefingChoices.searchButton")}</Button>
    </Form>
  );
}

/** Said beside the list of briefings when it lists only some of them, or a search found none: never silently fewer. */
export function SomeBriefingsListed({ listed, total, find, what }: { listed: number; total: number; find: string; what: BriefingsOf }) {
  const { t, i18n } = useTranslation(PLUGIN_ID);
  if (find && total === 0) return <p className="govuk-inset-text">{t(`briefingChoices.noneFound.${what}`, { find })}</p>;
  if (total <= listed) return null;
  return <p className="govuk-inset-text">{t(find ? `briefingChoices.someListedFound.${what}` : `briefingChoices.someListed.${what}`, { listed: formatNumber(listed, i18n.language), total: formatNumber(total, i18n.language) })}</p>;
}
