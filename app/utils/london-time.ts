// Session times are entered as London wall-clock times and stored as UTC instants.
const ZONE = "Europe/London";

// Built once: constructing an Intl formatter with a time zone costs far more than using one (about a
// third of a millisecond), and one request can ask for London's date several times.
const OFFSET_FORMAT = new Intl.DateTimeFormat("en-GB", { timeZone: ZONE, timeZoneName: "shortOffset" });
const WALL_CLOCK_FORMAT = new Intl.DateTimeFormat("en-GB", {
  timeZone: ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

function offsetMinutes(instant: Date): number {
  const name = OFFSET_FORMAT.formatToParts(instant).find((p) => p.type === "timeZoneName")?.value;
  const match = name?.match(/GMT([+-])(\d{1,2})(?::(\d{2}))?/);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === "+" ? minutes : -minutes;
}

/** The UTC instant of a London date ("2026-03-01") and time ("09:30"). */
export function londonToUtc(date: string, time: string): Date {
  const [y, m, d] = date.split("-").map(Number);
  const [h, min] = time.split(":").map(Number);
  const guess = new Date(Date.UTC(y, m - 1, d, h, min));
  return new Date(guess.getTime() - offsetMinutes(guess) * 60_000);
}

/** The London date and time of a UTC instant, as "YYYY-MM-DD" and "HH:MM". */
export function utcToLondon(iso: string): { date: string; time: string } {
  const parts = Object.fromEntries(
    WALL_CLOCK_FORMAT.formatToParts(new Date(iso)).map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/**
 * Today's date in London, where the council and the regulator are: what "not in the future" and "due"
 * mean. From midnight to 1am in summer, UTC's date is still yesterday.
 */
export function londonToday(now: Date = new Date()): string {
  // A request asks with one `now` for every person it shows; formatting costs about 9 µs a call.
  if (now.getTime() !== lastAsked) {
    lastAsked = now.getTime();
    lastToday = utcToLondon(now.toISOString()).date;
  }
  return lastToday;
}
let lastAsked = Number.NaN;
let lastToday = "";
