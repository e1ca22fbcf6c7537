import type { ActionFunctionArgs } from "@remix-run/node";
import { handleStripeWebhook } from "~/services/payments-webhook.server";

/** Stripe's webhook endpoint: everything happens in the service (signature, allow-list, idempotency). */
export const action = ({ request }: ActionFunctionArgs) => handleStripeWebhook(request);
