import { notFound } from "../utils/http.server";

// Any path no route claims renders the layout's "page not found".
export async function loader() {
  notFound();
}

export default function NotFound() {
  return null;
}
