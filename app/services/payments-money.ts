/**
 * Money rules for paid courses: pure functions, shared by services and the UI.
 * Amounts are integers in the currency's minor unit (cents), as Stripe counts
 * them; JPY has no minor unit, so ¥5000 is stored as 5000.
 */

/** Currencies we accept, with their minor-unit digits and Stripe's minimum charge (minor units). */
export const CURRENCIES = {
  usd: { digits: 2, min: 50, name: "US dollar" },
  eur: { digits: 2, min: 50, name: "Euro" },
  gbp: { digits: 2, min: 30, name: "British pound" },
  cad: { digits: 2, min: 50, name: "Canadian dollar" },
  aud: { digits: 2, min: 50, name: "Australian dollar" },
  nzd: { digits: 2, min: 50, name: "New Zealand dollar" },
  chf: { digits: 2, min: 50, name: "Swiss franc" },
  sek: { digits: 2, min: 300, name: "Swedish krona" },
  nok: { digits: 2, min: 300, name: "Norwegian krone" },
  dkk: { digits: 2, min: 250, name: "Danish krone" },
  pln: { digits: 2, min: 200, name: "Polish złoty" },
  inr: { digits: 2, min: 50, name: "Indian rupee" },
  sgd: { digits: 2, min: 50, name: "Singapore dollar" },
  hkd: { digits: 2, min: 400, name: "Hong Kong dollar" },
  mxn: { digits: 2, min: 1000, name: "Mexican peso" },
  jpy: { digits: 0, min: 50, name: "Japanese yen" },
} as const;

export type Currency = keyof typeof CURRENCIES;
export const CURRENCY_CODES = Object.keys(CURRENCIES) as Currency[];

/** Stripe's ceiling for one charge (8 digits in the minor unit). */
export const MAX_AMOUNT = 99_999_999;

export function isCurrency(code: string): code is Currency {
  return Object.prototype.hasOwnProperty.call(CURRENCIES, code);
}

export function digitsOf(currency: string): number {
  return isCurrency(currency) ? CURRENCIES[currency].digits : 2;
}

const formatters = new Map<string, Intl.NumberFormat>();

/** "$49.00", "¥5,000", "€12.50": Intl formatting in the currency, from minor units. */
export function formatMoney(amount: number, currency: string): string {
  const code = currency.toUpperCase();
  let f = formatters.get(code);
  if (!f) {
    const digits = digitsOf(currency.toLowerCase());
    f = new Intl.NumberFormat("en", { style: "currency", currency: code, minimumFractionDigits: digits, maximumFractionDigits: digits });
    formatters.set(code, f);
  }
  return f.format(amount / 10 ** digitsOf(currency.toLowerCase()));
}

/** Minor units as the plain decimal an input shows: 4999 usd → "49.99", 5000 jpy → "5000". */
export function toMajorString(amount: number, currency: string): string {
  const digits = digitsOf(currency);
  if (digits === 0) return String(amount);
  const s = String(Math.abs(amount)).padStart(digits + 1, "0");
  return `${amount < 0 ? "-" : ""}${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

export type ParsedAmount = { ok: true; amount: number } | { ok: false; message: string };

/**
 * A typed price ("49", "49.9", "49.99", "1,200.50") in major units → minor units,
 * without floating point. Rejects more decimals than the currency has.
 */
export function parseMajorAmount(input: string, currency: Currency): ParsedAmount {
  const text = input.trim().replace(/[,\s_]/g, "");
  if (text === "") return { ok: false, message: "Enter an amount." };
  const digits = CURRENCIES[currency].digits;
  const match = /^(-?)(\d{1,12})(?:\.(\d+))?$/.exec(text);
  if (!match) return { ok: false, message: "Enter an amount as a number, like 49.00." };
  const [, sign, whole, fraction = ""] = match;
  if (fraction.length > digits) {
    return {
      ok: false,
      message: digits === 0 ? `${currency.toUpperCase()} has no minor unit: enter a whole number.` : `Use at most ${digits} decimal places.`,
    };
  }
  const amount = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, "0") || "0");
  return { ok: true, amount: sign ? -amount : amount };
}

/** A course price must be above zero, at least Stripe's minimum charge and at most its ceiling. */
export function checkPrice(amount: number, currency: Currency): string | null {
  if (amount <= 0) return "Enter a price above zero.";
  const min = CURRENCIES[currency].min;
  if (amount < min) return `The lowest price card payments allow in ${currency.toUpperCase()} is ${formatMoney(min, currency)}.`;
  if (amount > MAX_AMOUNT) return `The highest price we accept is ${formatMoney(MAX_AMOUNT, currency)}.`;
  return null;
}

export type Discount = { percentOff: number | null; amountOff: number | null };

/** The price after a coupon, never below zero. Percentages round to the nearest minor unit. */
export function applyCoupon(price: number, coupon: Discount | null): number {
  if (!coupon) return price;
  if (coupon.percentOff != null) return Math.max(0, price - Math.round((price * coupon.percentOff) / 100));
  if (coupon.amountOff != null) return Math.max(0, price - coupon.amountOff);
  return price;
}

/** "20% off" or "$5.00 off". */
export function describeDiscount(coupon: Discount, currency: string | null): string {
  if (coupon.percentOff != null) return `${coupon.percentOff}% off`;
  return `${formatMoney(coupon.amountOff ?? 0, currency ?? "usd")} off`;
}

/** Coupon codes are matched case-insensitively: we store and compare them upper-case. */
export function normalizeCouponCode(code: string): string {
  return code.trim().toUpperCase();
}
