// How a person stands against a career stage, in words for whoever reads it: the person themselves on
// /me/pathway, or a manager or the panel deciding their request, who must not read "You meet".
type Translate = (key: string, values?: Record<string, string | number>) => string;

interface Standing {
  met: number;
  total: number;
  requirements: readonly unknown[];
}

/**
 * Empty when the stage asks for nothing, as its requirements list already says so. When it asks only
 * for what does not apply to the person, says that rather than "0 of 0".
 * @param name the person's name, when someone else reads it
 */
export function stageCloseness(t: Translate, standing: Standing, name?: string): string {
  if (standing.requirements.length === 0) return "";
  if (standing.total === 0) return name ? t("pathway.nothingAppliesTo", { name }) : t("pathway.nothingApplies");
  const counts = { met: standing.met, total: standing.total, count: standing.total };
  return name ? t("pathway.closenessOf", { name, ...counts }) : t("pathway.closeness", counts);
}
