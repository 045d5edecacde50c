import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "../components/Button";
import { PersonRecord } from "../components/PersonRecord";
import { ReadinessList, ReadinessScore } from "../components/ReadinessList";
import { personRecord } from "../services/person-view.server";
import { readinessFor, readinessScore } from "../services/readiness.server";
import { authorize } from "../utils/guard.server";
import { notFound, parseId } from "../utils/http.server";
import { pageMeta } from "../utils/meta";
import { can, canSeePerson } from "../utils/permissions.server";

export const meta = pageMeta;

/** One person's record and readiness, for a manager over them, L&D or an admin. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, locale } = await authorize(request, "person.view");
  const personId = parseId(params.personId);
  if (!personId || !(await canSeePerson(viewer, personId))) notFound();
  const [person, readiness] = await Promise.all([personRecord(personId, locale), readinessFor([personId], locale)]);
  if (!person) notFound();
  return {
    title: `${person.given_name} ${person.family_name}`,
    personId,
    person,
    readiness: readiness.get(personId) ?? [],
    score: readinessScore(readiness.get(personId) ?? []),
    canExport: can(viewer, "person.export"),
  };
}

export default function PersonPage() {
  const { t } = useTranslation();
  const { person, readiness, score, canExport, personId } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <span className="govuk-caption-l">{t("person.caption")}</span>
        <h1 className="govuk-heading-l">
          {person.given_name} {person.family_name}
        </h1>
        <PersonRecord person={person} />
        <h2 className="govuk-heading-m">{t("me.readiness")}</h2>
        <ReadinessScore score={score} />
          <ReadinessList items={readiness} />
        {canExport ? (
          <Form method="post" action={`/team/${personId}/export`} reloadDocument>
            <Button variant="secondary">{t("person.exportData")}</Button>
          </Form>
        ) : null}
      </div>
    </div>
  );
}
