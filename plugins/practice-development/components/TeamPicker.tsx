// The "show the teams in" step of a form that chooses teams, for an organisation too big to list every
// team (see orgChoices). It works without JavaScript: its button posts the whole form as the "show teams"
// intent, which saves nothing, and the page comes back with everything as typed and that locality's teams
// listed beside those already chosen (showTeamsStep). A POST, not a GET: what was typed stays out of the address.
import { useTranslation } from "react-i18next";
import { Button } from "../../../app/components/Button";
import { Select } from "../../../app/components/Select";
import { PLUGIN_ID, SHOW_TEAMS } from "../programme";

export function TeamPicker({ localities, shown, error }: { localities: { id: number; name: string }[]; shown: number | null; error?: string }) {
  const { t } = useTranslation(PLUGIN_ID);
  return (
    <>
      {/* Enter in a text field presses the form's first submit button. Without this one, that would be "Show
          teams" (and, with no locality chosen, an error about it) where the person meant to save. Nameless,
          it saves as the form's own button does; hidden, it is neither seen, tabbed to nor announced. */}
      <button type="submit" hidden tabIndex={-1} />
      <Select id="showTeamsIn" name="showTeamsIn" label={t("org.showTeamsIn")} emptyLabel={t("org.chooseLocality")} defaultValue={shown === null ? "" : String(shown)} error={error} options={localities.map((l) => ({ value: String(l.id), label: l.name }))} />
      <Button variant="secondary" name="intent" value={SHOW_TEAMS} formNoValidate>
        {t("org.showTeams")}
      </Button>
    </>
  );
}

/** The teams field's hint: where only some teams are listed, it says which. */
export function teamsHint(t: (key: string) => string, hint: string | undefined, everyTeam: boolean) {
  if (everyTeam) return hint;
  return [hint, t("org.teamsListed")].filter(Boolean).join(" ");
}
