// Readiness bands, shared by the server (which places people in them) and the team page (its filter).
export const READINESS_BANDS = ["not_started", "early", "developing", "nearly", "ready"] as const;
export type ReadinessBand = (typeof READINESS_BANDS)[number];

/** Bands for the team chart and filter: under 25, under 50, under 75, under 100, and 100. */
export function readinessBand(score: number | null): ReadinessBand {
  if (score === null || score < 25) return "not_started";
  if (score < 50) return "early";
  if (score < 75) return "developing";
  if (score < 100) return "nearly";
  return "ready";
}
