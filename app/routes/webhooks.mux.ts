import type { ActionFunctionArgs } from "@remix-run/node";
import { handleMuxWebhook } from "~/services/video-webhook.server";

/** Mux webhook deliveries: verified, idempotent, re-read from the API (see the service). */
export const action = ({ request }: ActionFunctionArgs) => handleMuxWebhook(request);
