// Career pathway requirements: the core's own, plus those each enabled plugin contributes per stage.
import type { PathwayRequirement } from "../../plugins/sdk";
import { enabledPlugins } from "../plugins.server";

export interface SourcedRequirement extends PathwayRequirement {
  source: string;
}

export const CORE_REQUIREMENTS: PathwayRequirement[] = [
  { id: "registration", stages: ["social_worker", "senior_practitioner", "advanced_practitioner", "practice_supervisor", "team_manager", "service_manager"], labelKey: "readiness.registration.label" },
  { id: "post-qualifying-experience", stages: ["senior_practitioner", "advanced_practitioner", "practice_supervisor", "team_manager", "service_manager"], labelKey: "readiness.experience.label" },
];

export async function pathwayRequirements(stage?: string): Promise<SourcedRequirement[]> {
  const all: SourcedRequirement[] = CORE_REQUIREMENTS.map((r) => ({ ...r, source: "common" }));
  for (const plugin of await enabledPlugins()) {
    for (const requirement of plugin.pathway ?? []) all.push({ ...requirement, source: plugin.id });
  }
  return stage ? all.filter((r) => r.stages.includes(stage)) : all;
}
