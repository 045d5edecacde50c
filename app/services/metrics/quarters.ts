// Calendar quarters as the metrics pack names them: "2026-Q3" is 1 July to 30 September 2026.

export interface Quarter {
  key: string;
  year: number;
  number: 1 | 2 | 3 | 4;
  start: string;
  end: string;
}

const pad = (n: number) => String(n).padStart(2, "0");
const LAST_DAY = ["03-31", "06-30", "09-30", "12-31"];

export function quarter(year: number, number: 1 | 2 | 3 | 4): Quarter {
  return { key: `${year}-Q${number}`, year, number, start: `${year}-${pad((number - 1) * 3 + 1)}-01`, end: `${year}-${LAST_DAY[number - 1]}` };
}

export function quarterOf(day: string): Quarter {
  const month = Number(day.slice(5, 7));
  return quarter(Number(day.slice(0, 4)), (Math.floor((month - 1) / 3) + 1) as 1 | 2 | 3 | 4);
}

export function previousQuarter(q: Quarter): Quarter {
  return q.number === 1 ? quarter(q.year - 1, 4) : quarter(q.year, (q.number - 1) as 1 | 2 | 3);
}

/** A quarter from an address, or undefined for anything that is not one from 2000 to the current one. */
export function parseQuarter(key: string | null | undefined, today: string): Quarter | undefined {
  const match = /^(\d{4})-Q([1-4])$/.exec(key ?? "");
  if (!match) return undefined;
  const q = quarter(Number(match[1]), Number(match[2]) as 1 | 2 | 3 | 4);
  return q.year >= 2000 && q.start <= today ? q : undefined;
}

/** The current quarter and the ones before it, newest first, for a picker. */
export function recentQuarters(today: string, count = 8): Quarter[] {
  const list = [quarterOf(today)];
  while (list.length < count) list.push(previousQuarter(list[list.length - 1]));
  return list;
}
