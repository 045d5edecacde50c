// The programme's default session topics and unit titles in the reader's language. They are stored in
// English (a session's title in the core's cohort_sessions, a unit's in leadership_units), and L&D may
// rename either: a title still worded as the default is read from the locale by its position in the
// defaults, and any other is shown as L&D typed it.
import { DEFAULT_TOPICS, DEFAULT_UNITS } from "./programme";

type Translate = (key: string) => string;

function inReadersLanguage(t: Translate, defaults: readonly string[], group: string, title: string) {
  const position = defaults.indexOf(title);
  return position < 0 ? title : t(`defaultTitles.${group}.${position + 1}`);
}

/** A session's title, the default topic in the reader's language or as L&D wrote it. */
export const sessionTitleIn = (t: Translate, title: string) => inReadersLanguage(t, DEFAULT_TOPICS, "topics", title);

/** Sessions as they are, each titled in the reader's language (for a page or calendar file listing them). */
export const sessionsTitledIn = <S extends { title: string }>(t: Translate, sessions: readonly S[]) => sessions.map((s) => ({ ...s, title: sessionTitleIn(t, s.title) }));

/** A unit's title, the default in the reader's language or as L&D wrote it. */
export const unitTitleIn = (t: Translate, title: string) => inReadersLanguage(t, DEFAULT_UNITS, "units", title);
