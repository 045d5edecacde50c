import type { ReactNode } from "react";

/**
 * GOV.UK's details: a summary that folds its text away until asked for. A native `<details>`, so it opens
 * and closes without JavaScript; it starts open only when `open` says so.
 */
export function Details({ summary, open, children }: { summary: string; open?: boolean; children: ReactNode }) {
  return (
    <details className="govuk-details" open={open}>
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">{summary}</span>
      </summary>
      <div className="govuk-details__text">{children}</div>
    </details>
  );
}
