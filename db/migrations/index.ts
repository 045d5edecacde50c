import type { Migration } from "kysely";
import { organisationAndPeople } from "./0001-organisation-and-people";
import { accounts } from "./0002-accounts";
import { learning } from "./0003-learning";
import { auditAndSettings } from "./0004-audit-and-settings";
import { enrolmentRequestsAndNotices } from "./0005-enrolment-requests-and-notices";
import { evidenceOffers } from "./0006-evidence-offers";
import { jobRuns } from "./0007-job-runs";
import { careerPathway } from "./0008-career-pathway";
import { metricSnapshots } from "./0009-metric-snapshots";
import { peopleSearchIndex } from "./0010-people-search-index";
import { peopleTrigramSearch } from "./0011-people-trigram-search";
import { jobHeartbeat } from "./0012-job-heartbeat";
import { employeeNumbersInCapitals } from "./0013-employee-numbers-in-capitals";
import { programmeTitlesInWelsh } from "./0014-programme-titles-in-welsh";
import { progressionReachedThrough } from "./0015-progression-reached-through";
import { peopleTrigramSearchOnSqlite } from "./0016-people-trigram-search-on-sqlite";
import { waitingListsWithoutGaps } from "./0017-waiting-lists-without-gaps";
import { peopleByStartDate } from "./0018-people-by-start-date";
import { peopleListOrders } from "./0019-people-list-orders";
import { stagesForEveryRole } from "./0020-stages-for-every-role";
import { personalAdvisersTowardsTheApprenticeship } from "./0021-personal-advisers-towards-the-apprenticeship";
import { submittedForms } from "./0022-submitted-forms";
import { waitingPlaceRequests } from "./0023-waiting-place-requests";
import { activePeopleAndLatestJobRuns } from "./0024-active-people-and-latest-job-runs";
import { signInEmailsFollowPeople } from "./0026-sign-in-emails-follow-people";
import { qualifiedOrdersReadFromTheIndex } from "./0027-qualified-orders-read-from-the-index";
import { submittedFormsRememberWhatTheyMade } from "./0028-submitted-forms-remember-what-they-made";
import { enrolmentsCompletedAt } from "./0029-enrolments-completed-at";

/** The core migrations, as a static record so the bundler sees every one. */
export const coreMigrations: Record<string, Migration> = {
  "0001-organisation-and-people": organisationAndPeople,
  "0002-accounts": accounts,
  "0003-learning": learning,
  "0004-audit-and-settings": auditAndSettings,
  "0005-enrolment-requests-and-notices": enrolmentRequestsAndNotices,
  "0006-evidence-offers": evidenceOffers,
  "0007-job-runs": jobRuns,
  "0008-career-pathway": careerPathway,
  "0009-metric-snapshots": metricSnapshots,
  "0010-people-search-index": peopleSearchIndex,
  "0011-people-trigram-search": peopleTrigramSearch,
  "0012-job-heartbeat": jobHeartbeat,
  "0013-employee-numbers-in-capitals": employeeNumbersInCapitals,
  "0014-programme-titles-in-welsh": programmeTitlesInWelsh,
  "0015-progression-reached-through": progressionReachedThrough,
  "0016-people-trigram-search-on-sqlite": peopleTrigramSearchOnSqlite,
  "0017-waiting-lists-without-gaps": waitingListsWithoutGaps,
  "0018-people-by-start-date": peopleByStartDate,
  "0019-people-list-orders": peopleListOrders,
  "0020-stages-for-every-role": stagesForEveryRole,
  "0021-personal-advisers-towards-the-apprenticeship": personalAdvisersTowardsTheApprenticeship,
  "0022-submitted-forms": submittedForms,
  "0023-waiting-place-requests": waitingPlaceRequests,
  "0024-active-people-and-latest-job-runs": activePeopleAndLatestJobRuns,
  "0026-sign-in-emails-follow-people": signInEmailsFollowPeople,
  // Numbered after 0026, which some databases had run before this was written: the migrator refuses one run out of order.
  "0027-qualified-orders-read-from-the-index": qualifiedOrdersReadFromTheIndex,
  "0028-submitted-forms-remember-what-they-made": submittedFormsRememberWhatTheyMade,
  "0029-enrolments-completed-at": enrolmentsCompletedAt,
};
