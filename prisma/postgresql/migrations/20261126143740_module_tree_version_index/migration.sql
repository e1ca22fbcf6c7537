-- CreateIndex
CREATE INDEX "Module_courseId_updatedAt_idx" ON "Module"("courseId", "updatedAt");

-- CreateIndex
CREATE INDEX "ModuleItem_courseId_updatedAt_idx" ON "ModuleItem"("courseId", "updatedAt");
