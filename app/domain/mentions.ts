/**
 * @mentions: `@handle` where a member's handle is their display name without spaces (case-insensitive,
 * e.g. @SamStudent) or their email's local part (@sam.student), or `@[Display Name]`. Mentions in
 * code spans/blocks and inside email addresses are ignored; unknown handles are ignored. Pure.
 */
export type Mentionable = { id: string; displayName: string; email: string };

export const MAX_MENTIONS = 20;

const stripCode = (body: string) => body.replace(/```[\s\S]*?(```|$)/g, " ").replace(/`[^`\n]*`/g, " ");

/** The handles mentioned in a body, lower-cased, unique, in order of appearance. */
export function parseMentions(body: string): string[] {
  const text = stripCode(body);
  const out: string[] = [];
  const re = /(^|[^\w@.])@(?:\[([^\]\n]{1,80})\]|([A-Za-z0-9][\w.-]{0,63}))/g;
  for (const m of text.matchAll(re)) {
    const raw = (m[2] ?? m[3] ?? "").replace(/[.-]+$/, "");
    const handle = m[2] !== undefined ? normalizeName(raw) : raw.toLowerCase();
    if (handle && !out.includes(handle)) out.push(handle);
    if (out.length >= MAX_MENTIONS) break;
  }
  return out;
}

const normalizeName = (name: string) => name.toLowerCase().replace(/\s+/g, "");

/** Handles a member answers to. */
export function handlesOf(member: Mentionable): string[] {
  return [normalizeName(member.displayName), member.email.split("@")[0].toLowerCase()];
}

/** Ids of the members mentioned (non-members are ignored), without the author. */
export function resolveMentions(handles: readonly string[], members: readonly Mentionable[], authorId: string): string[] {
  if (handles.length === 0) return [];
  const wanted = new Set(handles);
  return members.filter((m) => m.id !== authorId && handlesOf(m).some((h) => wanted.has(h))).map((m) => m.id);
}
