import type { LoaderFunctionArgs } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { translatorFor } from "../utils/i18n.server";
import { pageMeta } from "../utils/meta";

export const meta = pageMeta;

export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = await translatorFor(request);
  return { title: t("accessibility.title") };
}

const SECTIONS = ["using", "howAccessible", "feedback", "enforcement", "compliance", "testing"] as const;

export default function Accessibility() {
  const { t } = useTranslation();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">{t("accessibility.title")}</h1>
        <p className="govuk-body">{t("accessibility.intro")}</p>
        {SECTIONS.map((section) => (
          <section key={section}>
            <h2 className="govuk-heading-m">{t(`accessibility.${section}.heading`)}</h2>
            {(t(`accessibility.${section}.paragraphs`, { returnObjects: true }) as string[]).map((p) => (
              <p key={p} className="govuk-body">
                {p}
              </p>
            ))}
          </section>
        ))}
        <p className="govuk-body">{t("accessibility.prepared")}</p>
      </div>
    </div>
  );
}
