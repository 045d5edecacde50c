import type { WidgetView } from "../../plugins/sdk";

/** A dashboard card contributed by a plugin; the plugin sends it already translated. */
export function WidgetCard({ widget }: { widget: WidgetView & { id: string } }) {
  return (
    <section className="pathways-widget" aria-labelledby={`widget-${widget.id}`}>
      <h2 className="govuk-heading-m" id={`widget-${widget.id}`}>
        {widget.title}
      </h2>
      {widget.body ? <p className="govuk-body">{widget.body}</p> : null}
      {widget.rows && widget.rows.length > 0 ? (
        <dl className="govuk-summary-list govuk-summary-list--no-border">
          {widget.rows.map((row) => (
            <div key={row.label} className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">{row.label}</dt>
              <dd className="govuk-summary-list__value">{row.href ? <a className="govuk-link" href={row.href}>{row.value}</a> : row.value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {widget.action ? (
        <p className="govuk-body">
          <a className="govuk-link" href={widget.action.href}>
            {widget.action.label}
          </a>
        </p>
      ) : null}
    </section>
  );
}
