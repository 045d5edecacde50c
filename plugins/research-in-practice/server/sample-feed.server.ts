// The bundled sample feed, for development and the demo: the catalogue in sample-feed.json with its run
// dates written relative to today ("+40" is forty days on), served in pages like the real feed.
import { addDaysToDate } from "../../../app/utils/dates";
import { londonToday } from "../../../app/utils/london-time";
import sample from "../sample-feed.json";

// "+20" is 20 days after London's day, where the runs take place: from midnight to 1am in summer, UTC's
// date is still yesterday. The days are counted on the date alone, so they never shift by an hour.
const shift = (value: string, now: Date) => (/^[+-]\d+$/.test(value) ? addDaysToDate(londonToday(now), Number(value)) : value);

export function sampleCourses(today = new Date()) {
  return sample.courses.map((c) => ({ ...c, runs: c.runs.map((r) => ({ ...r, startsOn: shift(r.startsOn, today), endsOn: shift(r.endsOn, today) })) }));
}

/** One page of the sample feed, with only courses changed after `since` when given. */
export function sampleFeedPage(page: number, since: string | null, today = new Date()) {
  const courses = sampleCourses(today).filter((c) => !since || c.lastModified > since);
  const size = sample.pageSize;
  const items = courses.slice((page - 1) * size, page * size);
  return { items, page, nextPage: page * size < courses.length ? page + 1 : null };
}
