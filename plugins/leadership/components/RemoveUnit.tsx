import { Form } from "@remix-run/react";
import { Button } from "../../../app/components/Button";
import { FieldMessages } from "../../../app/components/FieldMessages";

/** What a removal's form sends as its `intent`, so the settings page's action tells it from the rules. */
export const REMOVE_UNIT_INTENT = "remove-unit";

/** The button's id, which a refusal's line in the error summary links to. */
export const removeUnitButtonId = (unitId: number) => `remove-unit-${unitId}`;
const removeUnitFormId = (unitId: number) => `remove-unit-form-${unitId}`;

/**
 * Removes one unit, shown beside its title in the rules form, with the reason when it was refused. It
 * submits its own form (see RemoveUnitForms): forms cannot nest, and a button of the rules form would
 * be the one Enter presses if it came before "Save the rules".
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

/** The forms the remove buttons submit, one a unit, each a plain POST so it works without JavaScript. */
export function RemoveUnitForms({ unitIds }: { unitIds: number[] }) {
  return (
    <>
      {unitIds.map((unitId) => (
        <Form key={unitId} method="post" id={removeUnitFormId(unitId)}>
          <input type="hidden" name="intent" value={REMOVE_UNIT_INTENT} />
          <input type="hidden" name="unit" value={unitId} />
        </Form>
      ))}
    </>
  );
}
