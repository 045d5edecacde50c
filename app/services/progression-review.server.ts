// What a manager and the panel read before deciding a progression request: who asks, from which stage
// to which, when and in their own words, and how they stand against what the stage they ask for requires.
import type { TFunction } from "i18next";
import { formatDate } from "../utils/dates";
import type { Locale } from "../utils/i18n";
import { stageCloseness } from "../utils/stage-closeness";
import { evaluateStage, pathwayModel, pathwaysFor } from "./pathway.server";
import { localName, type requestById } from "./progression.server";
import { withoutActions } from "./readiness.server";

type ProgressionRequestRow = NonNullable<Awaited<ReturnType<typeof requestById>>>;

/**
 * The line manager's part, as the panel reads it. A request with a manager named but no answer from them
 * came to the panel because none of its person's line managers can act on the portal.
 */
export function managerSupport(t: TFunction, row: Pick<ProgressionRequestRow, "manager_id" | "manager_supports">) {
  if (row.manager_supports !== null) return t(row.manager_supports === 1 ? "progression.supported" : "progression.notSupported");
  return t(row.manager_id === null ? "progression.noManager" : "progression.noManagerOnPortal");
}

export async function progressionReview(found: ProgressionRequestRow, locale: Locale, t: TFunction) {
  const model = await pathwayModel(locale);
  const pathway = (await pathwaysFor([found.person_id], locale, { model })).get(found.person_id);
  const stage = model.stages.find((s) => s.code === found.to_stage);
  const evaluation = pathway && stage ? evaluateStage(model, stage, pathway.facts, new Date(), locale) : null;
  const name = `${found.given_name} ${found.family_name}`;
  return {
    request: {
      name,
      role: `${found.job_title}, ${found.team_name}`,
      from: localName(locale, found.from_name_en, found.from_name_cy) || t("pathway.noStageShort"),
      to: localName(locale, found.to_name_en, found.to_name_cy),
      asked: formatDate(found.created_at, locale),
      statement: found.statement,
    },
    requirements: withoutActions(evaluation?.requirements ?? []),
    closeness: evaluation ? stageCloseness(t, evaluation, name) : "",
  };
}
