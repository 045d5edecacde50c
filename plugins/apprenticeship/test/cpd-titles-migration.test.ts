// Migration 0002: the degree's CPD entry written before completions were titled in both languages gets both.
import { beforeAll } from "vitest";
import { seedDemo } from "../../../tests/support/fixtures";
import { describeFixedCpdTitleBackfill } from "../../../tests/support/fixed-cpd-title-backfill";
import { cpdTitlesInBothLanguages } from "../migrations/0002-cpd-titles-in-both-languages";

beforeAll(seedDemo);

describeFixedCpdTitleBackfill("migration 0002: the degree's older CPD entries in both languages", {
  migration: cpdTitlesInBothLanguages,
  source: "apprenticeship",
  sourceRef: "degree",
  english: "Social Worker Integrated Degree Apprenticeship (BA Social Work) completed",
  welsh: "Wedi cwblhau'r Brentisiaeth Gradd Integredig Gweithiwr Cymdeithasol (BA Gwaith Cymdeithasol)",
});
