// The career pathway: which requirements each stage has, and how far along each person is.
// A stage's requirements are the defaults (the core's and each enabled plugin's) with an admin's
// overrides applied; a requirement is met when its readiness item says so, except the core's years
// since qualifying, worked out here from the stage and the person's qualification date. One whose item
// says it does not apply to the person (an ASYE for someone who qualified before it) is shown but not
// counted, as readiness scores leave it out: otherwise it could never be met.
// Everything is read for many people at once: a fixed number of queries whatever their number.
import type { Kysely } from "kysely";
import type { PathwayRequirement } from "../../plugins/sdk";
import type { Database } from "../../db/schema";
import { enabledPlugins } from "../plugins.server";
import { formatDate, wholeYearsSince } from "../utils/dates";
import { db } from "../utils/db.server";
import type { Locale } from "../utils/i18n";
import { listStages, type CareerStage } from "./career-stages.server";
import { chunks, memoisedTranslator, readinessFor, type ReadinessView } from "./readiness.server";

export interface SourcedRequirement extends PathwayRequirement {
  source: string;
}

/** The core's own source name: its requirement keys read "common:<id>". */
export const CORE_SOURCE = "common";

interface CoreRequirement {
  id: string;
  labelKey: string;
  actionHref?: string;
  /** Whether a stage has it unless an admin says otherwise. */
  byDefault: (stage: Pick<CareerStage, "minYears">) => boolean;
}

// A stage that asks for years since qualifying is a qualified social work stage: those also ask for a
// current registration and CPD up to date.
const qualified = (stage: Pick<CareerStage, "minYears">) => stage.minYears !== null;

export const CORE_REQUIREMENTS: CoreRequirement[] = [
  { id: "qualified-years", labelKey: "pathway.requirements.qualifiedYears", byDefault: qualified },
  // No link: the registration is HR's record (the staff import), and the reason says what to do.
  { id: "registration", labelKey: "readiness.registration.label", byDefault: qualified },
  { id: "cpd", labelKey: "pathway.requirements.cpd", actionHref: "/me/cpd", byDefault: qualified },
];

export const requirementKey = (r: { source: string; id: string }) => `${r.source}:${r.id}`;

/** Every requirement there is now, the core's and each enabled plugin's, with its default stages. */
export async function availableRequirements(stages: Pick<CareerStage, "code" | "minYears">[]): Promise<SourcedRequirement[]> {
  const all: SourcedRequirement[] = CORE_REQUIREMENTS.map((r) => ({
    id: r.id,
    labelKey: r.labelKey,
    ...(r.actionHref ? { actionHref: r.actionHref } : {}),
    stages: stages.filter(r.byDefault).map((s) => s.code),
    source: CORE_SOURCE,
  }));
  for (const plugin of await enabledPlugins()) {
    for (const requirement of plugin.pathway ?? []) all.push({ ...requirement, source: plugin.id });
  }
  return all;
}

/** The default requirements, optionally of one stage: what the core and the enabled plugins contribute. */
export async function pathwayRequirements(stage?: string): Promise<SourcedRequirement[]> {
  const all = await availableRequirements(await listStages("en-GB"));
  return stage ? all.filter((r) => r.stages.includes(stage)) : all;
}

/**
 * Each stage's requirements: its defaults, less those an admin took off, plus those an admin added.
 * A requirement whose plugin is switched off is not available, so it disappears whatever the overrides say.
 */
export function applyOverrides(stages: Pick<CareerStage, "code">[], available: SourcedRequirement[], overrides: { stage_code: string; requirement_key: string; included: number }[]) {
  const byStage = new Map<string, SourcedRequirement[]>();
  for (const stage of stages) {
    const changes = new Map(overrides.filter((o) => o.stage_code === stage.code).map((o) => [o.requirement_key, o.included === 1]));
    byStage.set(stage.code, available.filter((r) => changes.get(requirementKey(r)) ?? r.stages.includes(stage.code)));
  }
  return byStage;
}

export async function stageOverrides(executor: Kysely<Database> = db()) {
  return executor.selectFrom("career_stage_requirements").select(["stage_code", "requirement_key", "included"]).execute();
}

export interface PathwayModel {
  stages: CareerStage[];
  available: SourcedRequirement[];
  requirements: Map<string, SourcedRequirement[]>;
}

/** The stages in the reader's language, and what each one asks for now. */
export async function pathwayModel(locale: Locale): Promise<PathwayModel> {
  const [stages, overrides] = await Promise.all([listStages(locale), stageOverrides()]);
  const available = await availableRequirements(stages);
  return { stages, available, requirements: applyOverrides(stages, available, overrides) };
}

/** The stage(s) after this one: the lowest position above it on the main track (ties give several). */
export function nextStages(stages: CareerStage[], current: CareerStage | null): CareerStage[] {
  if (!current) return [];
  const above = stages.filter((s) => s.track === "main" && s.position > current.position);
  if (above.length === 0) return [];
  const lowest = Math.min(...above.map((s) => s.position));
  return above.filter((s) => s.position === lowest);
}

/**
 * Where a requirement stands: met, not met, or in progress when its readiness item says so (a place
 * applied for and waiting on a manager, a registration about to expire). Only met counts towards a stage.
 */
export type RequirementStanding = "met" | "in_progress" | "not_met";

export interface RequirementResult {
  key: string;
  label: string;
  status: RequirementStanding;
  /** Whether it counts as met: a stage is ready only when every requirement that applies is. */
  met: boolean;
  /** False when the person's readiness item says it does not apply to them: not counted in met or total. */
  applies: boolean;
  reason: string;
  actionHref?: string;
}

export interface StageEvaluation {
  stage: CareerStage;
  requirements: RequirementResult[];
  met: number;
  total: number;
}

export interface PersonPathway {
  personId: number;
  current: CareerStage | null;
  next: StageEvaluation[];
  /** The next stage the person is closest to (most met of total), for the one-line summary. */
  closest: StageEvaluation | null;
}

interface PersonFacts {
  qualificationDate: string | null;
  items: Map<string, ReadinessView>;
}

function addYears(iso: string, years: number) {
  const date = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  date.setUTCFullYear(date.getUTCFullYear() + years);
  return date.toISOString().slice(0, 10);
}

type Translate = (key: string, values?: Record<string, string | number>) => string;

/**
 * The words for one run over many people, by namespace: each label and sentence is translated once, not
 * once a person (a locality's 416 people share a few dozen; translating each cost /team for a locality
 * a tenth of its time, the benchmark's profile).
 */
export type PathwayWords = (source: string) => Translate;

export function pathwayWords(locale: Locale): PathwayWords {
  const bySource = new Map<string, Translate>();
  return (source) => {
    let t = bySource.get(source);
    if (!t) bySource.set(source, (t = memoisedTranslator(locale, source)));
    return t;
  };
}

function qualifiedYearsResult(stage: CareerStage, person: PersonFacts, now: Date, locale: Locale, words: PathwayWords) {
  const t = words(CORE_SOURCE);
  if (!person.qualificationDate) return { ...standing("not_met"), applies: true, reason: t("pathway.reasons.notQualified") };
  const required = stage.minYears ?? 0;
  const done = wholeYearsSince(person.qualificationDate, now) ?? 0;
  const met = done >= required;
  const date = formatDate(addYears(person.qualificationDate, required), locale);
  return { ...standing(met ? "met" : "not_met"), applies: true, reason: t(met ? "pathway.reasons.yearsMet" : "pathway.reasons.yearsNotYet", { done, required, date }) };
}

const standing = (status: RequirementStanding) => ({ status, met: status === "met" });

/** Where a person acts on a requirement that has no readiness item: the requirement's own link, or its programme's home. */
function fallbackHref(requirement: SourcedRequirement) {
  if (requirement.actionHref) return requirement.actionHref;
  return requirement.source === CORE_SOURCE ? undefined : `/programmes/${requirement.source}`;
}

function evaluateRequirement(requirement: SourcedRequirement, stage: CareerStage, person: PersonFacts, now: Date, locale: Locale, words: PathwayWords): RequirementResult {
  const key = requirementKey(requirement);
  const label = words(requirement.source)(requirement.labelKey);
  if (requirement.source === CORE_SOURCE && requirement.id === "qualified-years") return { key, label, ...qualifiedYearsResult(stage, person, now, locale, words) };
  const item = person.items.get(key);
  if (!item) return { key, label, ...standing("not_met"), applies: true, reason: words(CORE_SOURCE)("pathway.reasons.nothingYet"), actionHref: fallbackHref(requirement) };
  // An item that does not apply is shown as such (applies: false), whatever its standing.
  const status = item.status === "met" || item.status === "in_progress" ? item.status : "not_met";
  // An item needing attention that still holds today (CPD up to date, this year's due by 30 November) is met.
  if (status === "in_progress" && item.holds) return { key, label, ...standing("met"), applies: true, reason: item.reason, actionHref: item.actionHref ?? fallbackHref(requirement) };
  return { key, label, ...standing(status), applies: item.status !== "not_applicable", reason: item.reason, actionHref: item.actionHref ?? fallbackHref(requirement) };
}

export function evaluateStage(model: PathwayModel, stage: CareerStage, person: PersonFacts, now: Date, locale: Locale, words = pathwayWords(locale)): StageEvaluation {
  const requirements = (model.requirements.get(stage.code) ?? []).map((r) => evaluateRequirement(r, stage, person, now, locale, words));
  const counted = requirements.filter((r) => r.applies);
  return { stage, requirements, met: counted.filter((r) => r.met).length, total: counted.length };
}

async function peopleFacts(personIds: number[]) {
  const rows = [];
  for (const ids of chunks(personIds)) rows.push(...(await db().selectFrom("people").select(["id", "career_stage", "qualification_date"]).where("id", "in", ids).execute()));
  return rows;
}

const closeness = (e: StageEvaluation) => (e.total === 0 ? 1 : e.met / e.total);

export interface PathwayOptions {
  now?: Date;
  /** Readiness already read for these people (as /team has), so it is not read twice. */
  readiness?: Map<number, ReadinessView[]>;
  model?: PathwayModel;
}

/** Each person's stage, the next stage(s) and how they stand against each one's requirements. */
export async function pathwaysFor(personIds: number[], locale: Locale, options: PathwayOptions = {}) {
  const now = options.now ?? new Date();
  const result = new Map<number, PersonPathway & { facts: PersonFacts }>();
  if (personIds.length === 0) return result;
  const [model, people, readiness] = await Promise.all([
    options.model ?? pathwayModel(locale),
    peopleFacts(personIds),
    options.readiness ?? readinessFor(personIds, locale, now),
  ]);
  const byCode = new Map(model.stages.map((s) => [s.code, s]));
  const words = pathwayWords(locale);
  for (const person of people) {
    const items = new Map((readiness.get(person.id) ?? []).map((item) => [`${item.source}:${item.requirementId}`, item]));
    const facts = { qualificationDate: person.qualification_date, items };
    const current = person.career_stage ? (byCode.get(person.career_stage) ?? null) : null;
    const next = nextStages(model.stages, current).map((stage) => evaluateStage(model, stage, facts, now, locale, words));
    const closest = next.reduce<StageEvaluation | null>((best, e) => (!best || closeness(e) > closeness(best) ? e : best), null);
    result.set(person.id, { personId: person.id, current, next, closest, facts });
  }
  return result;
}

/** The one-line summary /team and its CSV show: "Social worker — 3 of 4 for Senior practitioner". */
export function stageSummary(pathway: PersonPathway | undefined, locale: Locale, words = pathwayWords(locale)): string {
  const t = words(CORE_SOURCE);
  if (!pathway?.current) return t("pathway.summary.none");
  if (!pathway.closest) return t("pathway.summary.top", { stage: pathway.current.name });
  const { met, total, stage: next } = pathway.closest;
  if (total === 0) return t("pathway.summary.nothingToMeet", { stage: pathway.current.name, next: next.name });
  return t("pathway.summary.progress", { stage: pathway.current.name, met, total, next: next.name });
}
