// The most items the /team inbox lists, oldest first: each source reads at most this many, so a manager
// with a backlog sees the oldest, and the page says there are more.
export const INBOX_LIMIT = 200;
