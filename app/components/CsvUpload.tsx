// The parts every CSV import page shares: the list of the columns it reads, the file field with its hint
// and error, and a button that says the file is being checked, to a screen reader too.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "./Button";
import { Details } from "./Details";

/** What each column of the file means, folded away until asked for. */
export function CsvColumnsHelp({ title, columns, describe }: { title: string; columns: readonly string[]; describe: (column: string) => ReactNode }) {
  return (
    <Details summary={title}>
      <ul className="govuk-list govuk-list--bullet">
        {columns.map((c) => (
          <li key={c}>
            <code>{c}</code>: {describe(c)}
          </li>
        ))}
      </ul>
    </Details>
  );
}

/** The file to upload (named "file"), with the error the summary above links to. */
export function CsvFileField({ label, hint, error }: { label: string; hint: string; error?: string }) {
  const { t } = useTranslation();
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <label className="govuk-label govuk-label--m" htmlFor="file">
        {label}
      </label>
      <div id="file-hint" className="govuk-hint">
        {hint}
      </div>
      {error ? (
        <p id="file-error" className="govuk-error-message">
          <span className="govuk-visually-hidden">{t("common:forms.errorPrefix")}</span> {error}
        </p>
      ) : null}
      <input className={`govuk-file-upload${error ? " govuk-file-upload--error" : ""}`} id="file" name="file" type="file" accept=".csv,text/csv" aria-describedby={error ? "file-hint file-error" : "file-hint"} />
    </div>
  );
}

/** Sends the file; while a large one is checked and applied, says so, and a screen reader hears it. */
export function CsvUploadButton({ busy, label, checking }: { busy: boolean; label: string; checking: string }) {
  return (
    <>
      <Button disabled={busy}>{busy ? checking : label}</Button>
      <p className="govuk-body" role="status">
        {busy ? checking : ""}
      </p>
    </>
  );
}
