// Migration 0006: a pass's CPD entry written before passes were titled in both languages gets both.
import { beforeAll } from "vitest";
import { seedDemo } from "../../../tests/support/fixtures";
import { describeFixedCpdTitleBackfill } from "../../../tests/support/fixed-cpd-title-backfill";
import { cpdTitlesInBothLanguages } from "../migrations/0006-cpd-titles-in-both-languages";

beforeAll(seedDemo);

describeFixedCpdTitleBackfill("migration 0006: a pass's older CPD entries in both languages", {
  migration: cpdTitlesInBothLanguages,
  source: "asye",
  sourceRef: "asye-passed",
  english: "Assessed and Supported Year in Employment passed",
  welsh: "Wedi llwyddo yn y Flwyddyn Asesedig â Chymorth mewn Cyflogaeth",
});
