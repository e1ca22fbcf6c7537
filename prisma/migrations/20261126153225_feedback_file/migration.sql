-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_SubmissionComment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "assignmentId" TEXT NOT NULL,
    "enrollmentId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "fileId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "SubmissionComment_fileId_fkey" FOREIGN KEY ("fileId") REFERENCES "StoredFile" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_SubmissionComment" ("assignmentId", "authorId", "body", "createdAt", "enrollmentId", "fileId", "id", "updatedAt") SELECT "assignmentId", "authorId", "body", "createdAt", "enrollmentId", "fileId", "id", "updatedAt" FROM "SubmissionComment";
DROP TABLE "SubmissionComment";
ALTER TABLE "new_SubmissionComment" RENAME TO "SubmissionComment";
CREATE INDEX "SubmissionComment_assignmentId_enrollmentId_createdAt_idx" ON "SubmissionComment"("assignmentId", "enrollmentId", "createdAt");
CREATE INDEX "SubmissionComment_fileId_idx" ON "SubmissionComment"("fileId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
