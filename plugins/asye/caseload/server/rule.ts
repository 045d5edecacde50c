// The protected caseload rule, in whole numbers so that a worker exactly at the limit is never pushed
// over it by floating-point rounding: an ASYE worker is over the line when
//   cases > share% x (experienced cases / experienced people)
//   <=> cases x 100 x experienced people > share x experienced cases.

export interface WeekTotals {
  weekOf: string;
  experiencedCases: number;
  experiencedPeople: number;
  asyeCases: number;
  asyePeople: number;
}

export interface WeekCheck extends WeekTotals {
  experiencedAverage: number | null;
  asyeAverage: number | null;
  /** The most cases an ASYE worker may carry: the share of the experienced average. */
  limit: number | null;
  /** Whether the ASYE workers' average is above the limit. */
  asyeOverLine: boolean;
  sharePercent: number;
}

export function isOverLimit(cases: number, totals: Pick<WeekTotals, "experiencedCases" | "experiencedPeople">, sharePercent: number): boolean {
  if (totals.experiencedPeople === 0) return false;
  return cases * 100 * totals.experiencedPeople > sharePercent * totals.experiencedCases;
}

export function checkWeek(totals: WeekTotals, sharePercent: number): WeekCheck {
  const experiencedAverage = totals.experiencedPeople > 0 ? totals.experiencedCases / totals.experiencedPeople : null;
  const asyeAverage = totals.asyePeople > 0 ? totals.asyeCases / totals.asyePeople : null;
  const asyeOverLine =
    totals.asyePeople > 0 && totals.experiencedPeople > 0 && totals.asyeCases * 100 * totals.experiencedPeople > sharePercent * totals.experiencedCases * totals.asyePeople;
  return {
    ...totals,
    experiencedAverage,
    asyeAverage,
    limit: experiencedAverage === null ? null : (sharePercent / 100) * experiencedAverage,
    asyeOverLine,
    sharePercent,
  };
}
