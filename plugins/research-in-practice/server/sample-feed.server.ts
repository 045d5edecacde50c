// The bundled sample feed, for development and the demo: the catalogue in sample-feed.json with its run
// dates written relative to today ("+40" is forty days on), served in pages like the real feed.
import sample from "../sample-feed.json";

const shift = (value: string, today: Date) => (/^[+-]\d+$/.test(value) ? new Date(today.getTime() + Number(value) * 86_400_000).toISOString().slice(0, 10) : value);

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
