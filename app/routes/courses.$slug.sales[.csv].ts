import type { LoaderFunctionArgs } from "@remix-run/node";
import { handleLoader } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { streamSalesCsv } from "~/services/payments-sales.server";

/** `/courses/<slug>/sales.csv`: every sold order, streamed (instructors and admins only). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { filename, stream } = await handleLoader(() => streamSalesCsv(user, params.slug ?? ""));
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
