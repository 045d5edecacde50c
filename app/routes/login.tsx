import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Button } from "../components/Button";
import { ErrorSummary } from "../components/ErrorSummary";
import { Field } from "../components/Field";
import { homeFor, safeRedirect, signIn } from "../services/sign-in.server";
import { endSession, readSession, startSession } from "../utils/auth.server";
import { env } from "../utils/env.server";
import { readFormData } from "../utils/form-data.server";
import { firstError, summaryItems } from "../utils/forms";
import { pageMeta } from "../utils/meta";
import { withoutControlCharacters } from "../utils/text";
import { translatorFor } from "../utils/i18n.server";
import { clientAddress } from "../utils/origin.server";

const schema = z.object({
  email: z.string({ required_error: "login.errors.emailRequired" }).transform(withoutControlCharacters).pipe(z.string().trim().min(1, "login.errors.emailRequired").email("login.errors.emailInvalid").max(254, "login.errors.emailInvalid")),
  password: z.string({ required_error: "login.errors.passwordRequired" }).max(1024, "login.errors.passwordInvalid"),
  redirectTo: z.string().optional(),
});

export const meta = pageMeta;

// An action's own headers reach a page only through here: a held-back sign-in says when to try again.
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

export const DEMO_ACCOUNTS = ["practitioner@demo.test", "asye@demo.test", "manager@demo.test", "service.manager@demo.test", "ld@demo.test", "admin@demo.test"];

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await readSession(request);
  if (session) throw redirect(homeFor(session.user.roles));
  const { t } = await translatorFor(request);
  return { title: t("login.title"), demoAccounts: env.isDemo ? DEMO_ACCOUNTS : [] };
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const { email, password, redirectTo } = submission.value;
  const result = await signIn(email, password, clientAddress(request));
  if (!result.ok) {
    const formErrors = result.reason === "throttled" ? [`login.errors.throttled`] : ["login.errors.invalid"];
    const status = result.reason === "throttled" ? 429 : 400;
    const headers: HeadersInit = result.reason === "throttled" ? { "Retry-After": String(result.retryAfterSeconds) } : {};
    return data(submission.reply({ formErrors, hideFields: ["password"] }), { status, headers });
  }
  // Whatever session the browser already carried (planted by someone else, or left on a shared
  // computer) ends here: the signed-in session is always a new one.
  await endSession(request);
  const cookie = await startSession(result.userId);
  throw redirect(safeRedirect(redirectTo, homeFor(result.roles)), { headers: { "Set-Cookie": cookie } });
}

export default function Login() {
  const { t } = useTranslation();
  const { demoAccounts } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({ id: "login", lastResult, shouldRevalidate: "onInput" });
  const errors = summaryItems(t, [fields.email, fields.password], form.errors);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary title={t("forms.errorSummaryTitle")} errors={errors} />
        <h1 className="govuk-heading-l">{t("login.title")}</h1>
        <Form method="post" {...getFormProps(form)} noValidate>
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
          <Field
            {...getInputProps(fields.email, { type: "email" })}
            key={fields.email.key}
            id={fields.email.id}
            name={fields.email.name}
            label={t("login.email")}
            autoComplete="username"
            spellCheck={false}
            error={firstError(t, fields.email)}
          />
          <Field
            {...getInputProps(fields.password, { type: "password" })}
            key={fields.password.key}
            id={fields.password.id}
            name={fields.password.name}
            label={t("login.password")}
            autoComplete="current-password"
            error={firstError(t, fields.password)}
          />
          <Button>{t("login.submit")}</Button>
        </Form>
        {demoAccounts.length > 0 ? (
          <div className="govuk-inset-text">
            <h2 className="govuk-heading-s">{t("login.demo.title")}</h2>
            <p className="govuk-body">{t("login.demo.password", { password: "pathways-demo" })}</p>
            <ul className="govuk-list">
              {demoAccounts.map((email) => (
                <li key={email}>
                  <code>{email}</code>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
    </div>
  );
}
