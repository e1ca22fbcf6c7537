/**
 * Who sees what in a discussion. Pure: no I/O, no clock (`now` and the resolved close instant are
 * inputs). Every path that shows a post — the thread page, search, mention notifications, digests,
 * exports — goes through `discussionAccess` then `viewPost`, so none of them can leak a hidden post,
 * a deleted body, or an anonymous author.
 *
 * Rules
 * - Staff (instructor, TA, admin) see every post, the real author of anonymous posts (marked as
 *   anonymous to students), hidden posts with the staff note, and unpublished discussions.
 * - Non-members see nothing. Students do not see unpublished discussions at all.
 * - Post first: a student sees other people's posts only after their own first non-deleted post.
 * - Anonymous posts show "Anonymous student" to peers; the author always sees "You".
 * - Hidden posts: the author sees the body with "Hidden by staff"; everyone else sees a
 *   placeholder with no body and no author, so the thread keeps its shape.
 * - Deleted posts: a placeholder ("deleted") for everyone, no body and no author, staff included.
 * - Locked: read-only for everyone. Closed (close date reached): read-only for students.
 * - Muted: a muted student can read but not post.
 */

export type CourseRoleName = "INSTRUCTOR" | "TA" | "STUDENT";

export type Viewer = {
  userId: string;
  /** Active role in the course; null for a non-member (an admin may still be staff). */
  role: CourseRoleName | null;
  isAdmin: boolean;
  /** A CourseMute applies to the viewer now. */
  muted?: boolean;
};

export type DiscussionFacts = {
  published: boolean;
  postFirst: boolean;
  anonymous: boolean;
  locked: boolean;
  /** The close instant already resolved by the schedule engine; null = never closes. */
  closeAt: Date | null;
};

export type PostFacts = {
  id: string;
  authorId: string;
  authorName: string;
  /** Whether the author is staff in the course (staff posts are never anonymous). */
  authorIsStaff?: boolean;
  parentId: string | null;
  depth: number;
  anonymous: boolean;
  body: string;
  createdAt: Date;
  editedAt: Date | null;
  hiddenAt: Date | null;
  hiddenNote: string | null;
  deletedAt: Date | null;
  endorsedAt: Date | null;
  accepted: boolean;
  upvotes: number;
};

export type PostBlock = { code: "CONFLICT" | "FORBIDDEN"; message: string };

export type DiscussionAccess = {
  /** The discussion exists for this viewer (else 404). */
  canSee: boolean;
  isStaff: boolean;
  /** Other people's posts are visible (post-first satisfied, or staff). */
  canSeeOthers: boolean;
  /** Why the viewer may not post now; null when they may. */
  postBlock: PostBlock | null;
  /** The viewer may moderate (hide, endorse, lock, pin, see revisions). */
  canModerate: boolean;
};

export const ANONYMOUS_LABEL = "Anonymous student";
export const DELETED_LABEL = "This post was deleted.";
export const HIDDEN_LABEL = "This post was hidden by the course staff.";

export const isStaffViewer = (viewer: Viewer) => viewer.isAdmin || viewer.role === "INSTRUCTOR" || viewer.role === "TA";

/**
 * What the viewer may do with a discussion. `hasPosted`: the viewer has at least one non-deleted
 * post in it (hidden posts count: the student did engage).
 */
export function discussionAccess(viewer: Viewer, discussion: DiscussionFacts, hasPosted: boolean, now: Date): DiscussionAccess {
  const isStaff = isStaffViewer(viewer);
  const member = isStaff || viewer.role !== null;
  const canSee = member && (discussion.published || isStaff);
  if (!canSee) return { canSee: false, isStaff, canSeeOthers: false, postBlock: { code: "FORBIDDEN", message: "You can't post here." }, canModerate: false };
  const canSeeOthers = isStaff || !discussion.postFirst || hasPosted;
  let postBlock: PostBlock | null = null;
  if (discussion.locked) postBlock = { code: "CONFLICT", message: "This discussion is locked, so it is read-only. Staff can unlock it." };
  else if (!isStaff && discussion.closeAt !== null && now.getTime() >= discussion.closeAt.getTime())
    postBlock = { code: "CONFLICT", message: "This discussion is closed to new posts." };
  else if (!isStaff && viewer.muted) postBlock = { code: "FORBIDDEN", message: "You have been muted in this course's discussions, so you can read but not post." };
  return { canSee, isStaff, canSeeOthers, postBlock, canModerate: isStaff };
}

export type PostAuthor = {
  /** What to print: a name, "You", or "Anonymous student". */
  label: string;
  /** The real user id, only when the viewer may know it. */
  userId: string | null;
  isYou: boolean;
  /** The post is anonymous to students (staff see the name plus this flag). */
  anonymous: boolean;
};

export type PostView = {
  id: string;
  parentId: string | null;
  depth: number;
  createdAt: Date;
  state: "VISIBLE" | "HIDDEN" | "DELETED";
  /** null when the viewer may not read the body (placeholders). */
  body: string | null;
  /** null for placeholders. */
  author: PostAuthor | null;
  /** Shown to the author of a hidden post and to staff. */
  hiddenNotice: boolean;
  /** The moderator's note: staff only. */
  hiddenNote: string | null;
  edited: boolean;
  endorsed: boolean;
  accepted: boolean;
  upvotes: number;
  isOwn: boolean;
};

function authorFor(viewer: Viewer, isStaff: boolean, post: PostFacts): PostAuthor {
  const isYou = post.authorId === viewer.userId;
  const anonymous = post.anonymous && !post.authorIsStaff;
  if (isYou) return { label: "You", userId: post.authorId, isYou, anonymous };
  if (anonymous && !isStaff) return { label: ANONYMOUS_LABEL, userId: null, isYou, anonymous };
  return { label: post.authorName, userId: post.authorId, isYou, anonymous };
}

/**
 * One post as the viewer may see it: null when it must not appear at all, a placeholder (no body,
 * no author) when it keeps the thread's shape, or the post with its author label.
 */
export function viewPost(viewer: Viewer, access: DiscussionAccess, post: PostFacts): PostView | null {
  if (!access.canSee) return null;
  const isOwn = post.authorId === viewer.userId;
  if (!isOwn && !access.canSeeOthers) return null;
  const hidden = post.hiddenAt !== null;
  // A deleted post, or one hidden from this viewer, keeps only its place in the thread.
  const placeholder = post.deletedAt ? "DELETED" : hidden && !access.isStaff && !isOwn ? "HIDDEN" : null;
  // One literal per post: a spread followed by new fields is V8's slow path (see app/lib/objects.ts).
  return {
    id: post.id,
    parentId: post.parentId,
    depth: post.depth,
    createdAt: post.createdAt,
    isOwn,
    state: placeholder ?? (hidden ? "HIDDEN" : "VISIBLE"),
    body: placeholder ? null : post.body,
    author: placeholder ? null : authorFor(viewer, access.isStaff, post),
    hiddenNotice: !placeholder && hidden,
    hiddenNote: !placeholder && hidden && access.isStaff ? post.hiddenNote : null,
    edited: !placeholder && post.editedAt !== null,
    endorsed: !placeholder && post.endorsedAt !== null,
    accepted: !placeholder && post.accepted,
    upvotes: placeholder ? 0 : post.upvotes,
  };
}

/** Visible posts with a readable body and author: what search, digests and notifications may quote. */
export function readablePost(viewer: Viewer, access: DiscussionAccess, post: PostFacts): (PostView & { body: string; author: PostAuthor }) | null {
  const view = viewPost(viewer, access, post);
  if (!view || view.body === null || view.author === null) return null;
  if (view.state === "HIDDEN" && !access.isStaff) return null; // the author's own hidden post is not re-broadcast
  return view as PostView & { body: string; author: PostAuthor };
}

/** Whether a post should be anonymous: the discussion is anonymous and the author is a student. */
export function postIsAnonymous(discussion: Pick<DiscussionFacts, "anonymous">, authorIsStaff: boolean): boolean {
  return discussion.anonymous && !authorIsStaff;
}

// ---- Q&A and edits ------------------------------------------------------------------------

export type DiscussionType = "DISCUSSION" | "QA";

/** In a Q&A, the asker (discussion author) or staff may accept one answer. */
export function canAccept(viewer: Viewer, discussion: { type: DiscussionType; authorId: string }): boolean {
  return discussion.type === "QA" && (isStaffViewer(viewer) || viewer.userId === discussion.authorId);
}

/** Authors edit and delete their own posts; staff may delete any post (hiding is the usual tool). */
export function canEditPost(viewer: Viewer, post: Pick<PostFacts, "authorId" | "deletedAt">): boolean {
  return post.deletedAt === null && post.authorId === viewer.userId;
}
export function canDeletePost(viewer: Viewer, post: Pick<PostFacts, "authorId" | "deletedAt">): boolean {
  return post.deletedAt === null && (post.authorId === viewer.userId || isStaffViewer(viewer));
}

/** Post body limits (characters). */
export const MAX_POST_CHARS = 20_000;
export const MAX_TITLE_CHARS = 200;

/** Validates a body; returns a message for a person, or null. */
export function postBodyProblem(body: string): { code: "BAD_REQUEST" | "PAYLOAD_TOO_LARGE"; message: string } | null {
  if (body.trim().length === 0) return { code: "BAD_REQUEST", message: "Write something before posting." };
  if (body.length > MAX_POST_CHARS)
    return {
      code: "PAYLOAD_TOO_LARGE",
      message: `Posts can be at most ${MAX_POST_CHARS.toLocaleString("en-US")} characters; this one has ${body.length.toLocaleString("en-US")}.`,
    };
  return null;
}

/** Unread: a visible post by someone else, newer than the viewer's last read. */
export function isUnread(view: PostView, lastReadAt: Date | null): boolean {
  return !view.isOwn && view.state === "VISIBLE" && (lastReadAt === null || view.createdAt.getTime() > lastReadAt.getTime());
}
