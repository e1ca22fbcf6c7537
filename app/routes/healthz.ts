import { getDb } from "~/lib/db.server";

/** Liveness and database reachability for load balancers. */
export async function loader() {
  await getDb().$queryRawUnsafe("SELECT 1");
  return new Response("ok", { headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
}
