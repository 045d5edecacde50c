import type { ReactNode } from "react";
import { describedBy, FieldMessages } from "./FieldMessages";

interface Option {
  value: string;
  label: ReactNode;
  hint?: ReactNode;
}

interface ChoiceProps {
  /** The first input's id: the error summary links here. */
  id: string;
  name: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  options: Option[];
  inline?: boolean;
  small?: boolean;
}

function ChoiceGroup({ id, name, legend, hint, error, options, inline, small, kind, isChecked }: ChoiceProps & { kind: "radios" | "checkboxes"; isChecked: (value: string) => boolean }) {
  const modifiers = [inline ? `govuk-${kind}--inline` : "", small ? `govuk-${kind}--small` : ""].filter(Boolean).join(" ");
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      {/* With no choices listed (a picker not yet opened), the fieldset takes the id, so the error summary's link still lands on the field. */}
      <fieldset className="govuk-fieldset" id={options.length === 0 ? id : undefined} tabIndex={options.length === 0 ? -1 : undefined} aria-describedby={describedBy(id, hint, error).describedBy}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        <FieldMessages id={id} hint={hint} error={error} />
        <div className={`govuk-${kind}${modifiers ? ` ${modifiers}` : ""}`}>
          {options.map((option, index) => {
            const inputId = index === 0 ? id : `${id}-${option.value}`;
            const itemClass = kind === "radios" ? "govuk-radios" : "govuk-checkboxes";
            return (
              <div className={`${itemClass}__item`} key={option.value}>
                <input className={`${itemClass}__input`} id={inputId} name={name} type={kind === "radios" ? "radio" : "checkbox"} value={option.value} defaultChecked={isChecked(option.value)} aria-describedby={option.hint ? `${inputId}-hint` : undefined} />
                <label className={`govuk-label ${itemClass}__label`} htmlFor={inputId}>
                  {option.label}
                </label>
                {option.hint ? (
                  <div id={`${inputId}-hint`} className={`govuk-hint ${itemClass}__hint`}>
                    {option.hint}
                  </div>
                ) : null}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

/** One choice from a few, in a fieldset with its legend, hint and error. */
export function Radios(props: ChoiceProps & { defaultValue?: string | null }) {
  return <ChoiceGroup {...props} kind="radios" isChecked={(value) => value === props.defaultValue} />;
}

/** Any number of choices, in a fieldset with its legend, hint and error. */
export function Checkboxes(props: ChoiceProps & { defaultValues?: string[] }) {
  return <ChoiceGroup {...props} kind="checkboxes" isChecked={(value) => props.defaultValues?.includes(value) ?? false} />;
}
