import { Form } from "@remix-run/react";
import { Button } from "../../../app/components/Button";

/**
 * Withdraw one place, as its own small form in a table row. The hidden words say which place (a cohort)
 * or whose (a person), as a screen reader lists the row's buttons without the row.
 */
export function WithdrawPlace({ enrolmentId, label, which, variant }: { enrolmentId: number; label: string; which: string; variant: "secondary" | "warning" }) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="withdraw" />
      <input type="hidden" name="enrolment" value={enrolmentId} />
      <Button variant={variant} className="govuk-!-margin-bottom-0">
        {label}
        <span className="govuk-visually-hidden"> {which}</span>
      </Button>
    </Form>
  );
}
