-- DropIndex
DROP INDEX "Submission_enrollmentId_idx";

-- CreateIndex
CREATE INDEX "Assignment_courseId_updatedAt_idx" ON "Assignment"("courseId", "updatedAt");

-- CreateIndex
CREATE INDEX "Submission_enrollmentId_assignmentId_idx" ON "Submission"("enrollmentId", "assignmentId");
