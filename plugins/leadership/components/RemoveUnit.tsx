import { Form, Link, useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "../../../app/components/Button";
import { FieldMessages } from "../../../app/components/FieldMessages";
import { PLUGIN_ID } from "../programme";

/** What a removal's form sends as its `intent`, so the settings page's action tells it from the rules. */
export const REMOVE_UNIT_INTENT = "remove-unit";

/** The query that asks the settings page to confirm a removal (`?remove=<unit id>`): reading it changes nothing. */
export const REMOVE_UNIT_QUERY = "remove";

const SETTINGS_PATH = `/programmes/${PLUGIN_ID}/settings`;

/** The button's id, which a refusal's line in the error summary links to. */
export const removeUnitButtonId = (unitId: number) => `remove-unit-${unitId}`;
const removeUnitFormId = (unitId: number) => `remove-unit-form-${unitId}`;

/**
 * Asks to remove one unit, shown beside its title in the rules form, with the reason when a removal was
 * refused. It submits its own form (see RemoveUnitForms): forms cannot nest, and a button of the rules
 * form would be the one Enter presses if it came before "Save the rules".
 */
export function RemoveUnitButton({ unitId, label, error }: { unitId: number; label: string; error?: string }) {
  const id = removeUnitButtonId(unitId);
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <FieldMessages id={id} error={error} />
      <Button variant="warning" id={id} form={removeUnitFormId(unitId)} aria-describedby={error ? `${id}-error` : undefined} className="govuk-!-margin-bottom-0">
        {label}
      </Button>
    </div>
  );
}

/**
 * The forms the remove buttons submit, one a unit: each a plain GET to the page that asks first, so a
 * click removes nothing and it works without JavaScript.
 */
export function RemoveUnitForms({ unitIds }: { unitIds: number[] }) {
  return (
    <>
      {unitIds.map((unitId) => (
        <Form key={unitId} method="get" action={SETTINGS_PATH} id={removeUnitFormId(unitId)}>
          <input type="hidden" name={REMOVE_UNIT_QUERY} value={unitId} />
        </Form>
      ))}
    </>
  );
}

/** A unit the page asks about before removing it, numbered as the rules page lists it. */
export interface UnitToRemove {
  id: number;
  number: number;
  title: string;
}

/**
 * Moves focus to the heading when the page is reached from the rules page with JavaScript: the button
 * pressed is gone, and no page load starts a screen reader at the top. A page loaded afresh (the first
 * location's key is "default") leaves focus where the browser puts it.
 */
function useHeadingFocusedOnArrival() {
  const heading = useRef<HTMLHeadingElement>(null);
  const { key } = useLocation();
  useEffect(() => {
    if (key !== "default") heading.current?.focus();
  }, [key]);
  return heading;
}

/**
 * The question asked, in place of the rules form, before a unit is removed: what removing it changes,
 * then "Yes, remove" (a POST, audited, refused if the unit has gone meanwhile) or "Cancel" (a link back).
 * A unit with results cannot be removed, so for one the page says so instead of offering a removal that
 * would be refused.
 */
export function RemoveUnitConfirmation({ unit, results }: { unit: UnitToRemove; results: number }) {
  const { t } = useTranslation(PLUGIN_ID);
  const heading = useHeadingFocusedOnArrival();
  const removable = results === 0;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <span className="govuk-caption-l">{t("settings.title")}</span>
        <h1 className="govuk-heading-l" ref={heading} tabIndex={-1}>
          {t(removable ? "settings.removal.title" : "settings.removal.cannotTitle", { number: unit.number })}
        </h1>
        <div className="govuk-inset-text">{unit.title}</div>
        {removable ? (
          <>
            <p className="govuk-body">{t("settings.removal.changes")}</p>
            <p className="govuk-body">{t("settings.removal.undone")}</p>
            <Form method="post" action={SETTINGS_PATH} className="govuk-button-group">
              <input type="hidden" name="intent" value={REMOVE_UNIT_INTENT} />
              <input type="hidden" name="unit" value={unit.id} />
              <Button variant="warning">{t("settings.removal.confirm")}</Button>
              <Link className="govuk-link" to={SETTINGS_PATH}>
                {t("settings.removal.cancel")}
              </Link>
            </Form>
          </>
        ) : (
          <>
            <p className="govuk-body">{t("settings.removal.cannotBecause", { count: results })}</p>
            <p className="govuk-body">
              <Link className="govuk-link" to={SETTINGS_PATH}>
                {t("settings.removal.back")}
              </Link>
            </p>
          </>
        )}
      </div>
    </div>
  );
}
