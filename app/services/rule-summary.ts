import type { DateRule, RuleSet } from "~/domain/schedule";

/** A short plain-language description of a rule, for staff lists. */
export function describeRule(rule: DateRule | null | undefined, courseZone: string): string {
  if (!rule) return "no limit";
  const zone = (z?: string) => (z === "LEARNER" ? "each learner's time" : `${courseZone.replaceAll("_", " ")} time`);
  switch (rule.type) {
    case "ABSOLUTE":
      return rule.at.toISOString().replace("T", " ").slice(0, 16) + " UTC";
    case "LOCAL":
      return `${rule.date} ${rule.time} ${zone(rule.zone)}`;
    case "RELATIVE_DAYS":
      return `${rule.days} day${rule.days === 1 ? "" : "s"} after each learner starts, ${rule.time} ${zone(rule.zone)}`;
    case "RELATIVE":
      return `${Math.round(rule.minutes / 60)} hours after each learner starts`;
  }
}

export function describeRuleSet(rules: RuleSet, courseZone: string): string {
  const parts = [
    rules.openAt ? `Opens ${describeRule(rules.openAt, courseZone)}` : null,
    rules.dueAt ? `Due ${describeRule(rules.dueAt, courseZone)}` : "No due date",
    rules.closeAt ? `Closes ${describeRule(rules.closeAt, courseZone)}` : null,
  ];
  return parts.filter(Boolean).join(" · ");
}
